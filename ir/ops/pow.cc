// Pow (ONNX): base^exponent with broadcasting; the base f32, s32 or s64, the
// exponent any numeric type (the output has the base's type).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferPow(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kS32, DataType::kS64}));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {kF32, DataType::kS32, DataType::kS64}));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(Dims out, Broadcast(ctx, ctx.input_dims(0), ctx.input_dims(1)));
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(With(Op("Pow", 2, 2, {}, InferPow), MathTraits(MathFunction::kPow)));

}  // namespace
}  // namespace mint8::ir::ops
