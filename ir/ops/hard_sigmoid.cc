// HardSigmoid (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

std::optional<PostOp> HardSigmoidActivation(const Attributes& a) {
  return PostOp{PostOpKind::kHardSigmoid, a.GetFloat("alpha", 0.2f), a.GetFloat("beta", 0.5f)};
}

MINT8_REGISTER_OP(With(Op("HardSigmoid", 1, 1, {{"alpha", K::kFloat}, {"beta", K::kFloat}}, InferFloatUnary),
                       ActivationTraits(HardSigmoidActivation, AlwaysNonNegative)));

}  // namespace
}  // namespace mint8::ir::ops
