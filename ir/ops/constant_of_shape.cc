// ConstantOfShape (ONNX). "dtype" is a DataTypeName ("f32", "s64", ...).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferConstantOfShape(InferenceContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(DataType dtype, ParseDtypeAttribute(ctx, "dtype", "f32"));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {DataType::kS64}));
  std::optional<std::vector<int64_t>> dims = ctx.ConstantInts(0);
  if (!dims.has_value()) {
    ctx.SetOutputsUnknown(dtype);
    return absl::OkStatus();
  }
  for (int64_t d : *dims) {
    if (d < 0) return ctx.Error("negative dimension");
  }
  ctx.SetOutput(0, dtype, Shape::Of(*dims));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(Op("ConstantOfShape", 1, 1, {{"value", K::kFloat}, {"dtype", K::kString}},
                     InferConstantOfShape));

}  // namespace
}  // namespace mint8::ir::ops
