// Softmax (ONNX). mint8 extension: "coerce_2d" = 1 keeps the opset < 13
// meaning (softmax over the input flattened to 2-D at `axis`).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferSoftmax(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (ctx.input_shape(0).rank_known()) {
    int64_t axis = ctx.attributes().GetInt("axis", -1);
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, ctx.input_shape(0).rank()));
  }
  return InferSameAsInput(ctx);
}

// Before opset 13 softmax ran over the input flattened to 2-D at `axis`
// (default 1): kept as coerce_2d.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (ctx.opset() >= 13) return absl::OkStatus();
  node.attributes.Set("axis", node.attributes.GetInt("axis", 1));
  node.attributes.Set("coerce_2d", int64_t{1});
  return absl::OkStatus();
}

// The 2-D form over the last axis is opset 13's softmax; over several axes it
// has no opset 13 form.
absl::Status ToOnnx(OnnxExportContext& ctx, const Node& node, Attributes& attributes,
                    std::vector<std::string>&) {
  if (attributes.GetInt("coerce_2d", 0) == 1) {
    const int64_t rank = ctx.graph().FindTensor(node.inputs[0])->shape.rank();
    int64_t axis = attributes.GetInt("axis", 1);
    if (axis < 0) axis += rank;
    if (axis != rank - 1) {
      return absl::UnimplementedError(
          absl::StrCat("Softmax '", node.name, "': the opset < 13 form over several axes is not exported"));
    }
  }
  attributes.Erase("coerce_2d");
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Softmax", 1, 1, {{"axis", K::kInt}, {"coerce_2d", K::kInt}},
                                       InferSoftmax),
                                    ActivationTraits(nullptr, AlwaysNonNegative)),
                               FromOnnx, ToOnnx));

}  // namespace
}  // namespace mint8::ir::ops
