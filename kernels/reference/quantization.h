// Reference quantization kernels with ONNX QuantizeLinear/DequantizeLinear
// semantics: q = saturate(round_half_to_even(x / scale) + zero_point) and
// x = (q - zero_point) * scale, per tensor or per channel along `axis`.
#ifndef MINT8_KERNELS_REFERENCE_QUANTIZATION_H_
#define MINT8_KERNELS_REFERENCE_QUANTIZATION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "ir/post_op.h"
#include "ir/tensor_view.h"
#include "ir/window.h"
#include "kernels/reference/elementwise.h"
#include "kernels/reference/gemm.h"

namespace mint8::kernels::reference {

// x f32 -> y u8/s8 (the zero point's type; u8 when absent).
absl::Status QuantizeLinear(const ir::ConstTensorView& x, const ir::ConstTensorView& scale,
                            const ir::ConstTensorView* zero_point, int64_t axis,
                            const ir::MutableTensorView& y);

// x u8/s8/s32 -> y f32.
absl::Status DequantizeLinear(const ir::ConstTensorView& x, const ir::ConstTensorView& scale,
                              const ir::ConstTensorView* zero_point, int64_t axis,
                              const ir::MutableTensorView& y);

// round_half_to_even(v) saturated to the range of u8 / s8 / s32, or to
// [q->qmin, q->qmax] when `q` narrows it.
int32_t RoundAndSaturate(float v, ir::DataType type, const ir::Quantization* q = nullptr);

// The INT8 compute ops. Their exact meaning, which every optimized path must
// reproduce within one unit of the output's last place:
//   acc[c] = sum (x_q - x_zp) * w_q + bias_q[c]          (exact, in s32)
//   v      = float(acc[c]) * (x_scale * w_scale[c])      (the real result)
//   v      = post-ops applied to v in real numbers; a sum adds
//            alpha * r_scale * (r_q - r_zp)
//   y      = v for an f32 output, else saturate(round_half_even(v / y_scale) + y_zp)
//            (saturated to y's narrowed range when it has one)
// Inputs and outputs carry their Quantization in the views; weights are s8
// with zero point 0, per output channel; bias is s32 (scale x_scale * w_scale).
absl::Status QuantizedConv2d(const ir::ConvGeometry& g, const ir::ConstTensorView& x,
                             const ir::ConstTensorView& w, const ir::ConstTensorView* bias,
                             absl::Span<const ir::PostOp> post_ops, const ir::ConstTensorView* residual,
                             const ir::MutableTensorView& y);

// The transposed convolution (ONNX ConvTranspose, 2-D) with the same
// arithmetic: every input tap that reaches an output adds (x_q - x_zp) * w_q
// to its accumulator. Weights are [IC, OC/group, KH, KW], scaled per output
// channel (group * OC/group + j).
absl::Status QuantizedConvTranspose2d(const ir::ConvGeometry& g, const ir::ConstTensorView& x,
                                      const ir::ConstTensorView& w, const ir::ConstTensorView* bias,
                                      absl::Span<const ir::PostOp> post_ops, const ir::MutableTensorView& y);

// Y (m x n) from int8 A (m x k) and s8 B given as n x k (trans_b) or k x n.
absl::Status QuantizedGemm(const GemmParams& p, const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                           const ir::ConstTensorView* bias, absl::Span<const ir::PostOp> post_ops,
                           const ir::ConstTensorView* residual, const ir::MutableTensorView& y);

// MatMul (numpy semantics, as MatMulF32) of two quantized operands, each per
// tensor with its own zero point: acc = sum (a_q - a_zp) * (b_q - b_zp)
// exactly, v = float(acc) * (a_scale * b_scale), then post-ops and y as above.
absl::Status QuantizedMatMul(const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                             absl::Span<const ir::PostOp> post_ops, const ir::ConstTensorView* residual,
                             const ir::MutableTensorView& y);

// Average pooling (windowed, or global over H x W when `global`): the mean of
// the real inputs, quantized with y's parameters.
absl::Status QuantizedAveragePool(const ir::PoolGeometry& g, bool global, const ir::ConstTensorView& x,
                                  const ir::MutableTensorView& y);

// y = x re-expressed with y's parameters: saturate(round((x - x_zp) * x_scale
// / y_scale) + y_zp); x may also be s32.
absl::Status Requantize(const ir::ConstTensorView& x, const ir::MutableTensorView& y);

// y = a (op) b in real numbers with numpy broadcasting: each operand f32 or
// quantized with its own parameters, y int8 (rounded, saturated) or f32.
absl::Status QuantizedBinary(BinaryOp op, const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                             const ir::MutableTensorView& y);

}  // namespace mint8::kernels::reference

#endif  // MINT8_KERNELS_REFERENCE_QUANTIZATION_H_
