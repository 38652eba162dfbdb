// LeakyRelu (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

std::optional<PostOp> LeakyReluActivation(const Attributes& a) {
  return PostOp{PostOpKind::kLeakyRelu, a.GetFloat("alpha", 0.01f)};
}

MINT8_REGISTER_OP(With(Op("LeakyRelu", 1, 1, {{"alpha", K::kFloat}}, InferFloatUnary),
                       ActivationTraits(LeakyReluActivation)));

}  // namespace
}  // namespace mint8::ir::ops
