// Expand (ONNX): the input broadcast with a constant shape (numpy rules: the
// output has the larger of the two ranks, and dims of 1 stretch either way).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferExpand(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS64}));
  std::optional<std::vector<int64_t>> shape = ctx.ConstantInts(1);
  if (!shape.has_value() || !ctx.input_shape(0).IsFullyKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  for (int64_t d : *shape) {
    if (d < 0) return ctx.Error(absl::StrCat("negative dimension in shape ", DimsToString(*shape)));
  }
  MINT8_ASSIGN_OR_RETURN(Dims out, Broadcast(ctx, ctx.input_dims(0), Dims(shape->begin(), shape->end())));
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(Op("Expand", 2, 2, {}, InferExpand));

}  // namespace
}  // namespace mint8::ir::ops
