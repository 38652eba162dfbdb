// Where (ONNX): condition ? x : y, the three broadcast together; x and y of
// one type (f32, s32, s64 or bool).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferWhere(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {DataType::kBool}));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {kF32, DataType::kS32, DataType::kS64, DataType::kBool}));
  if (ctx.input_dtype(2) != ctx.input_dtype(1)) return ctx.Error("x and y have different types");
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(1));
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(Dims xy, Broadcast(ctx, ctx.input_dims(1), ctx.input_dims(2)));
  MINT8_ASSIGN_OR_RETURN(Dims out, Broadcast(ctx, ctx.input_dims(0), xy));
  ctx.SetOutput(0, ctx.input_dtype(1), Shape::Of(out));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(Op("Where", 3, 3, {}, InferWhere));

}  // namespace
}  // namespace mint8::ir::ops
