// Resolved geometry of 2-D convolution and pooling nodes: ONNX attributes
// (auto_pad, pads, strides, dilations, ceil_mode, group) turned into explicit
// numbers for concrete input dimensions. Shape inference, the reference
// kernels and the oneDNN kernels all use these, so they agree by construction.
#ifndef MINT8_IR_OP_GEOMETRY_H_
#define MINT8_IR_OP_GEOMETRY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ir/graph.h"

namespace mint8::ir {

// Spatial parameters shared by convolution and pooling (height, width order).
struct Window2d {
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t in_h = 0, in_w = 0;
  int64_t out_h = 0, out_w = 0;
};

struct ConvGeometry {
  int64_t batch = 0, in_channels = 0, out_channels = 0, group = 1;
  Window2d window;
  bool depthwise() const { return group > 1 && group == in_channels && group == out_channels; }
};

struct PoolGeometry {
  int64_t batch = 0, channels = 0;
  Window2d window;
  bool count_include_pad = false;
};

// Conv node with input dims `x` (N,C,H,W) and weight dims `w` (M,C/group,kH,kW).
absl::StatusOr<ConvGeometry> ResolveConvGeometry(const Node& node, absl::Span<const int64_t> x,
                                                 absl::Span<const int64_t> w);

// MaxPool / AveragePool node with input dims `x` (N,C,H,W).
absl::StatusOr<PoolGeometry> ResolvePoolGeometry(const Node& node, absl::Span<const int64_t> x);

}  // namespace mint8::ir

#endif  // MINT8_IR_OP_GEOMETRY_H_
