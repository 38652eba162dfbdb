// Equal (ONNX): a == b with broadcasting, as bool; f32, s32, s64 or bool.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferEqual(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kS32, DataType::kS64, DataType::kBool}));
  if (ctx.input_dtype(1) != ctx.input_dtype(0)) return ctx.Error("inputs have different types");
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(DataType::kBool);
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(Dims out, Broadcast(ctx, ctx.input_dims(0), ctx.input_dims(1)));
  ctx.SetOutput(0, DataType::kBool, Shape::Of(out));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(Op("Equal", 2, 2, {}, InferEqual));

}  // namespace
}  // namespace mint8::ir::ops
