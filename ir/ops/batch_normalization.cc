// BatchNormalization (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferBatchNorm(InferenceContext& ctx) {
  if (ctx.attributes().GetInt("training_mode", 0) != 0 || ctx.node().outputs.size() > 1) {
    return ctx.Error("training mode (running statistics outputs) is not supported");
  }
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (ctx.AllInputShapesKnown()) {
    const Dims x = ctx.input_dims(0);
    if (x.size() < 2) return ctx.Error("input must have rank >= 2");
    for (int i = 1; i <= 4; ++i) {
      const Dims p = ctx.input_dims(i);
      if (p.size() != 1 || p[0] != x[1]) {
        return ctx.Error(
            absl::StrCat("parameter ", i, " has shape ", DimsToString(p), "; expected [", x[1], "]"));
      }
    }
  }
  return InferSameAsInput(ctx);
}

// Opsets before 9 had `spatial`; only its default (1) is supported.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (node.attributes.GetInt("spatial", 1) != 1) return ctx.Error(node, "spatial=0 is not supported");
  node.attributes.Erase("spatial");
  return absl::OkStatus();
}

OpTraits Traits() {
  OpTraits traits;
  traits.folds_into_producer_weights = true;
  return traits;
}

MINT8_REGISTER_OP(WithOnnxForm(
    With(Op("BatchNormalization", 5, 5,
            {{"epsilon", K::kFloat}, {"momentum", K::kFloat}, {"training_mode", K::kInt}}, InferBatchNorm),
         Traits()),
    FromOnnx));

}  // namespace
}  // namespace mint8::ir::ops
