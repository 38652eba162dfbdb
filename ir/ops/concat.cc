// Concat (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferConcat(InferenceContext& ctx) {
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    if (ctx.input_dtype(i) != ctx.input_dtype(0)) return ctx.Error("inputs differ in type");
  }
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  Dims out = ctx.input_dims(0);
  int64_t axis = ctx.attributes().GetInt("axis", 0);
  MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(out.size())));
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    const Dims d = ctx.input_dims(i);
    bool ok = d.size() == out.size();
    for (size_t j = 0; ok && j < d.size(); ++j) ok = j == static_cast<size_t>(axis) || d[j] == out[j];
    if (!ok) {
      return ctx.Error(absl::StrCat("input ", i, " ", DimsToString(d), " does not match ",
                                    DimsToString(ctx.input_dims(0)), " outside axis ", axis));
    }
    out[axis] += d[axis];
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

// Before opset 4 the axis defaulted to 1.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (ctx.opset() < 4 && !node.attributes.Has("axis")) node.attributes.Set("axis", int64_t{1});
  return absl::OkStatus();
}

bool OfOneInput(const Graph&, const Node& node) { return node.inputs.size() == 1; }

OpTraits Traits() {
  OpTraits t = RoleTraits(QuantizationRole::kScaleUnifying, /*range_keeping=*/true);
  t.identity_when = OfOneInput;
  return t;
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Concat", 1, 1 << 20, {{"axis", K::kInt}}, InferConcat), Traits()),
                               FromOnnx));

}  // namespace
}  // namespace mint8::ir::ops
