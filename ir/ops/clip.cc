// Clip (ONNX). min/max are attributes (the importer converts the input form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferClip(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kU8, DataType::kS8}));
  if (ctx.attributes().GetFloat("min", -INFINITY) > ctx.attributes().GetFloat("max", INFINITY)) {
    return ctx.Error("min is greater than max");
  }
  return InferSameAsInput(ctx);
}

std::optional<PostOp> ClipActivation(const Attributes& a) {
  return PostOp{PostOpKind::kClip, a.GetFloat("min", -INFINITY), a.GetFloat("max", INFINITY)};
}

bool ClipNonNegative(const Node& node) { return node.attributes.GetFloat("min", -INFINITY) >= 0.f; }

MINT8_REGISTER_OP(With(Op("Clip", 1, 1, {{"min", K::kFloat}, {"max", K::kFloat}}, InferClip),
                       ActivationTraits(ClipActivation, ClipNonNegative)));

}  // namespace
}  // namespace mint8::ir::ops
