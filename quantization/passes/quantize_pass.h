// QuantizeGraph: rewrites a fused FP32 graph into its INT8 form following a
// QuantizationPlan:
//  - INT8 Conv/Gemm get s8 weights (symmetric, per output channel, range
//    +-127, or +-63 for 7-bit weights) and s32 bias (scale x_scale * w_scale);
//    with input channel means in the plan, the bias also absorbs the mean
//    output shift the weight rounding causes (bias correction):
//    b' = b - sum_k (w_q[k] * w_scale - w[k]) * mean(x_k);
//  - tensors of the INT8 region take their planned type and scale;
//  - QuantizeLinear is inserted where an f32 tensor enters the INT8 region,
//    DequantizeLinear where an INT8 tensor leaves it (FP32 consumers, graph
//    outputs). Graph input and output names do not change.
// SquashPass (squash_pass.h) then removes what the boundaries made redundant.
#ifndef MINT8_QUANTIZATION_PASSES_QUANTIZE_PASS_H_
#define MINT8_QUANTIZATION_PASSES_QUANTIZE_PASS_H_

#include "absl/status/status.h"
#include "ir/graph.h"
#include "quantization/propagation/quantization_plan.h"

namespace mint8::quantization {

absl::Status QuantizeGraph(const QuantizationPlan& plan, ir::Graph& graph);

// Quantizes f32 weights `w` symmetric per channel along `axis` with
// `bits` (7 or 8): scales in `q`, values in the returned buffer. A channel
// whose values all lie on `grid`'s step (a trained QAT grid; per channel
// along `axis` or one step) within the bit range keeps that step exactly;
// other channels get max-abs scales.
std::shared_ptr<ir::Buffer> QuantizeWeights(const ir::TensorInfo& w, int axis, int bits,
                                            const ir::Quantization* grid,
                                            ir::Quantization& q);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_PASSES_QUANTIZE_PASS_H_
