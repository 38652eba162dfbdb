// Softmax (ONNX). mint8 extension: "coerce_2d" = 1 keeps the opset < 13
// meaning (softmax over the input flattened to 2-D at `axis`).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferSoftmax(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (ctx.input_shape(0).rank_known()) {
    int64_t axis = ctx.attributes().GetInt("axis", -1);
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, ctx.input_shape(0).rank()));
  }
  return InferSameAsInput(ctx);
}

MINT8_REGISTER_OP(With(Op("Softmax", 1, 1, {{"axis", K::kInt}, {"coerce_2d", K::kInt}}, InferSoftmax),
                       ActivationTraits(nullptr, AlwaysNonNegative)));

}  // namespace
}  // namespace mint8::ir::ops
