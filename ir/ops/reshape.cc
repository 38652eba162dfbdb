// Reshape (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferReshape(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS64}));
  std::optional<std::vector<int64_t>> target = ctx.ConstantInts(1);
  if (!target.has_value() || !ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  const bool allow_zero = ctx.attributes().GetInt("allowzero", 0) != 0;
  Dims out;
  int infer_at = -1;
  int64_t known = 1;
  for (size_t i = 0; i < target->size(); ++i) {
    int64_t d = (*target)[i];
    if (d == 0 && !allow_zero) {
      if (i >= x.size()) return ctx.Error("shape has 0 beyond the input rank");
      d = x[i];
    }
    if (d == -1) {
      if (infer_at >= 0) return ctx.Error("shape has more than one -1");
      infer_at = static_cast<int>(i);
      d = 1;
    } else if (d < 0) {
      return ctx.Error(absl::StrCat("invalid dimension ", d, " in shape"));
    }
    out.push_back(d);
    known = SaturatingMul(known, d);
  }
  const int64_t total = NumElements(x);
  if (infer_at >= 0) {
    if (known == 0 || total % known != 0) {
      return ctx.Error(absl::StrCat("cannot reshape ", DimsToString(x), " to ", DimsToString(*target)));
    }
    out[infer_at] = total / known;
  } else if (known != total) {
    return ctx.Error(
        absl::StrCat("cannot reshape ", DimsToString(x), " (", total, " elements) to ", DimsToString(out)));
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

// Before opset 5 the shape was an attribute.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (ctx.opset() >= 5) return absl::OkStatus();
  node.inputs.push_back(ctx.AddInts(node, "shape", node.attributes.GetInts("shape")));
  node.attributes.Erase("shape");
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Reshape", 2, 2, {{"allowzero", K::kInt}}, InferReshape),
                                    ScalePreservingTraits(true)),
                               FromOnnx));

}  // namespace
}  // namespace mint8::ir::ops
