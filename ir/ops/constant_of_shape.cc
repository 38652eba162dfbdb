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

// ONNX's value is a one-element tensor attribute; mint8 keeps its value and
// element type. Not exported (shape arithmetic folds away before).
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  MINT8_ASSIGN_OR_RETURN(std::optional<OnnxImportContext::ScalarValue> value,
                         ctx.ScalarTensorAttribute("value"));
  node.attributes.Set("value", value ? value->value : 0.f);
  node.attributes.Set("dtype", std::string(DataTypeName(value ? value->dtype : DataType::kF32)));
  return absl::OkStatus();
}

absl::Status ToOnnx(OnnxExportContext&, const Node& node, Attributes&, std::vector<std::string>&) {
  return absl::UnimplementedError(absl::StrCat("ConstantOfShape '", node.name, "' is not exported"));
}

MINT8_REGISTER_OP(WithOnnxForm(Op("ConstantOfShape", 1, 1, {{"value", K::kFloat}, {"dtype", K::kString}},
                                  InferConstantOfShape),
                               FromOnnx, ToOnnx));

}  // namespace
}  // namespace mint8::ir::ops
