// Concat (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferConcat(InferenceContext& ctx) {
  return InferJoined(ctx, ctx.attributes().GetInt("axis", 0), nullptr);
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
