// Folding a per-output-channel affine map y * scale + shift, applied to the
// output of an op with constant f32 weights (Conv, ConvTranspose, Gemm),
// into those weights and the bias: W' = W * scale along the op's output
// axis, b' = b * scale + shift. Shared by BatchNorm folding and the folding
// of constant Mul/Add after such ops.
#ifndef MINT8_IR_PASSES_WEIGHT_FOLDING_H_
#define MINT8_IR_PASSES_WEIGHT_FOLDING_H_

#include <vector>

#include "ir/graph.h"

namespace mint8::ir {

// Rewrites `op`'s weight and bias inputs (new constants); false, `op`
// untouched, when its weights or bias do not allow it: not f32 constants,
// no single output-channel axis of `scale.size()` (grouped ConvTranspose),
// fused post-ops, or a Gemm whose beta scales the bias.
bool FoldChannelAffine(Graph& graph, Node& op, const std::vector<float>& scale,
                       const std::vector<float>& shift);

}  // namespace mint8::ir

#endif  // MINT8_IR_PASSES_WEIGHT_FOLDING_H_
