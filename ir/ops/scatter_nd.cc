// ScatterND (ONNX, reduction "none"): a copy of data with the slices that
// indices (s64, [..., k]) address replaced by updates.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferScatterNd(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS64}));
  if (ctx.input_dtype(2) != ctx.input_dtype(0)) return ctx.Error("data and updates differ in type");
  const std::string reduction = ctx.attributes().GetString("reduction", "none");
  if (reduction != "none") return ctx.Error(absl::StrCat("reduction '", reduction, "' is not supported"));
  if (ctx.AllInputShapesKnown()) {
    const Dims data = ctx.input_dims(0), indices = ctx.input_dims(1), updates = ctx.input_dims(2);
    if (indices.empty()) return ctx.Error("indices must have rank >= 1");
    const int64_t k = indices.back();
    if (k < 1 || k > static_cast<int64_t>(data.size())) {
      return ctx.Error(absl::StrCat("index depth ", k, " does not fit data ", DimsToString(data)));
    }
    Dims want(indices.begin(), indices.end() - 1);
    want.insert(want.end(), data.begin() + k, data.end());
    if (want != updates) {
      return ctx.Error(
          absl::StrCat("updates are ", DimsToString(updates), ", expected ", DimsToString(want)));
    }
  }
  return InferSameAsInput(ctx);
}

MINT8_REGISTER_OP(Op("ScatterND", 3, 3, {{"reduction", K::kString}}, InferScatterNd));

}  // namespace
}  // namespace mint8::ir::ops
