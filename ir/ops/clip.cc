// Clip (ONNX). min/max are attributes (the importer converts the input form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferClip(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kU8, DataType::kS8}));
  if (ctx.attributes().GetFloat("min", -INFINITY) > ctx.attributes().GetFloat("max", INFINITY)) {
    return ctx.Error("min is greater than max");
  }
  return InferSameAsInput(ctx);
}

std::optional<PostOp> ClipActivation(const Attributes& a) {
  return PostOp{PostOpKind::kClip, a.GetFloat("min", -INFINITY), a.GetFloat("max", INFINITY)};
}

bool ClipNonNegative(const Node& node) { return node.attributes.GetFloat("min", -INFINITY) >= 0.f; }

// Opset 11+ gives min and max as inputs; mint8 keeps them as attributes.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (node.inputs.size() <= 1) return absl::OkStatus();
  if (node.has_input(1)) {
    MINT8_ASSIGN_OR_RETURN(float lo, ctx.ConstantFloat(node, 1));
    node.attributes.Set("min", lo);
  }
  if (node.has_input(2)) {
    MINT8_ASSIGN_OR_RETURN(float hi, ctx.ConstantFloat(node, 2));
    node.attributes.Set("max", hi);
  }
  node.inputs.resize(1);
  return absl::OkStatus();
}

absl::Status ToOnnx(OnnxExportContext& ctx, const Node& node, Attributes& attributes,
                    std::vector<std::string>& extra_inputs) {
  for (const char* bound : {"min", "max"}) {
    extra_inputs.push_back(attributes.Has(bound) ? ctx.AddFloat(node, bound, attributes.GetFloat(bound, 0))
                                                 : "");
    attributes.Erase(bound);
  }
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Clip", 1, 1, {{"min", K::kFloat}, {"max", K::kFloat}}, InferClip),
                                    ActivationTraits(ClipActivation, ClipNonNegative)),
                               FromOnnx, ToOnnx));

}  // namespace
}  // namespace mint8::ir::ops
