// LRN (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferLrn(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (ctx.attributes().GetInt("size", 0) < 1) return ctx.Error("size must be >= 1");
  if (ctx.input_shape(0).rank_known() && ctx.input_shape(0).rank() != 4) {
    return ctx.Error("only 4-D inputs are supported");
  }
  return InferSameAsInput(ctx);
}

MINT8_REGISTER_OP(Op("LRN", 1, 1,
                     {{"alpha", K::kFloat}, {"beta", K::kFloat}, {"bias", K::kFloat}, {"size", K::kInt}},
                     InferLrn));

}  // namespace
}  // namespace mint8::ir::ops
