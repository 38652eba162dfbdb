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
#include "ir/window.h"

namespace mint8::ir {

// Conv node with input dims `x` (N,C,H,W) and weight dims `w` (M,C/group,kH,kW).
absl::StatusOr<ConvGeometry> ResolveConvGeometry(const Node& node, absl::Span<const int64_t> x,
                                                 absl::Span<const int64_t> w);

// ConvTranspose node with input dims `x` (N,C,H,W) and weight dims `w`
// (C,M/group,kH,kW). The window's input is x's spatial size and its output
// the ConvTranspose's; pad_top/pad_left are the begin pads, and pad_bottom /
// pad_right are set so that out = (in-1)*stride + extent - pad_begin - pad_end
// holds (output_padding and output_shape folded in; may be negative).
absl::StatusOr<ConvGeometry> ResolveConvTransposeGeometry(const Node& node, absl::Span<const int64_t> x,
                                                          absl::Span<const int64_t> w);

// MaxPool / AveragePool node with input dims `x` (N,C,H,W).
absl::StatusOr<PoolGeometry> ResolvePoolGeometry(const Node& node, absl::Span<const int64_t> x);

}  // namespace mint8::ir

#endif  // MINT8_IR_OP_GEOMETRY_H_
