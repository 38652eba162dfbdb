// Pad (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferPad(InferenceContext& ctx) {
  const std::string mode = ctx.attributes().GetString("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge") {
    return ctx.Error(absl::StrCat("unsupported mode '", mode, "'"));
  }
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS64}));
  std::optional<std::vector<int64_t>> pads = ctx.ConstantInts(1);
  if (!pads.has_value() || !ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  if (pads->size() != 2 * x.size()) {
    return ctx.Error(absl::StrCat("pads has ", pads->size(), " values; expected ", 2 * x.size()));
  }
  Dims out;
  for (size_t i = 0; i < x.size(); ++i) {
    const int64_t b = (*pads)[i], e = (*pads)[i + x.size()];
    if (b < 0 || e < 0) return ctx.Error("negative pads are not supported");
    if (mode == "reflect" && (b >= x[i] || e >= x[i])) {
      return ctx.Error("reflect pads must be smaller than the padded dimension");
    }
    if (mode == "edge" && x[i] == 0 && b + e > 0) return ctx.Error("edge pad of an empty axis");
    out.push_back(x[i] + b + e);
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

// Before opset 11 pads and value were attributes; opset 18's axes input is
// not supported.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (ctx.opset() >= 11) {
    if (node.inputs.size() > 3) return ctx.Error(node, "the axes input (opset 18) is not supported");
    return absl::OkStatus();
  }
  Attributes& attrs = node.attributes;
  node.inputs.push_back(ctx.AddInts(node, "pads", attrs.GetInts("pads")));
  node.inputs.push_back(ctx.AddFloat(node, "value", attrs.GetFloat("value", 0.f)));
  attrs.Erase("pads");
  attrs.Erase("value");
  return absl::OkStatus();
}

// Exporters write AveragePool's padding as a Pad even when it is zero.
bool PadsNothing(const Graph& graph, const Node& node) {
  const TensorInfo* pads = graph.FindConstant(node.inputs[1]);
  if (pads == nullptr || (pads->dtype != DataType::kS64 && pads->dtype != DataType::kS32)) return false;
  for (int64_t i = 0; i < pads->shape.NumElements(); ++i) {
    const int64_t p =
        pads->dtype == DataType::kS64 ? pads->data->data<int64_t>()[i] : pads->data->data<int32_t>()[i];
    if (p != 0) return false;
  }
  return true;
}

OpTraits Traits() {
  OpTraits traits;
  traits.pads_input = true;
  traits.identity_when = PadsNothing;
  return traits;
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Pad", 2, 3, {{"mode", K::kString}}, InferPad), Traits()), FromOnnx));

}  // namespace
}  // namespace mint8::ir::ops
