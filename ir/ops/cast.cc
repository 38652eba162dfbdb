// Cast (ONNX). "to" is a DataTypeName ("f32", "s64", ...).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferCast(InferenceContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(DataType to, ParseDtypeAttribute(ctx, "to", ""));
  ctx.SetOutput(0, to, ctx.input_shape(0));
  return absl::OkStatus();
}

// ONNX names the type by its TensorProto code; mint8 by DataTypeName.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  MINT8_ASSIGN_OR_RETURN(DataType to, ctx.DataTypeFromOnnx(node.attributes.GetInt("to", 0)));
  node.attributes.Set("to", std::string(DataTypeName(to)));
  return absl::OkStatus();
}

absl::Status ToOnnx(OnnxExportContext& ctx, const Node& node, Attributes& attributes,
                    std::vector<std::string>&) {
  const std::string name = attributes.GetString("to", "");
  const DataType to = DataTypeFromName(name);
  if (to == DataType::kUnknown) {
    return absl::InvalidArgumentError(absl::StrCat("Cast '", node.name, "': unknown data type '", name, "'"));
  }
  attributes.Set("to", ctx.DataTypeToOnnx(to));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(Op("Cast", 1, 1, {{"to", K::kString}}, InferCast), FromOnnx, ToOnnx));

}  // namespace
}  // namespace mint8::ir::ops
