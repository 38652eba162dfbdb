// The INT8 arithmetic of the oneDNN lowerings, in one place: how the IR's
// real-number meaning of quantized ops (kernels/reference/quantization.h)
// becomes oneDNN's integer parameters.
#ifndef MINT8_RUNTIME_INT8_ARITHMETIC_H_
#define MINT8_RUNTIME_INT8_ARITHMETIC_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "ir/post_op.h"
#include "kernels/onednn/primitive_kernel.h"

namespace mint8::runtime {

// The epilogue of a quantized Conv/Gemm: output scales, post-op parameters,
// a final multiplier and zero points. When every post-op commutes with
// scaling (relu, leaky relu, clip, sum) the output scale 1/y_scale is folded
// into the output scales and the post-op parameters; otherwise the post-ops
// run on real values and a final linear step applies 1/y_scale. `post_ops`
// is rewritten in place into the units oneDNN will apply them in.
absl::StatusOr<kernels::onednn::Epilogue> Int8Epilogue(const ir::TensorInfo& x, const ir::TensorInfo& w,
                                                       int64_t channels, const ir::TensorInfo* residual,
                                                       const ir::TensorInfo& y,
                                                       std::vector<ir::PostOp>& post_ops);

// The bias that absorbs a source zero point (oneDNN's inner product takes
// none), exactly: sum_k (x_k - zp) w_kj = sum_k x_k w_kj - zp * sum_k w_kj.
// `w` is K x N, or N x K when `transposed`; `bias` (N values) may be null.
std::vector<int32_t> FoldSourceZeroPoint(const int8_t* w, int64_t k, int64_t n, bool transposed,
                                         const int32_t* bias, int32_t zero_point);

// A per-tensor QuantizeLinear, DequantizeLinear or Requantize as one oneDNN
// reorder: dst = scale * (src - src_zero_point) + dst_zero_point, rounded
// and saturated, after clipping the real values to `clip` when the
// destination is a narrowed (7-bit) range.
struct QuantizationReorder {
  float scale = 1.f;
  int32_t src_zero_point = 0;
  int32_t dst_zero_point = 0;
  std::optional<ir::PostOp> clip;
};
// Unimplemented for per-channel parameters.
absl::StatusOr<QuantizationReorder> QuantizeReorder(const ir::Quantization& y);
absl::StatusOr<QuantizationReorder> DequantizeReorder(const ir::Quantization& x);
// Unimplemented into a narrowed range (the reorder could leave it).
absl::StatusOr<QuantizationReorder> RequantizeReorder(const ir::Quantization& x, const ir::Quantization& y);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_INT8_ARITHMETIC_H_
