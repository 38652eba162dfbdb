// Unsqueeze (ONNX). axes is an attribute (the importer converts the input form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferUnsqueeze(InferenceContext& ctx) {
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  std::vector<int64_t> axes = ctx.attributes().GetInts("axes");
  if (axes.empty()) return ctx.Error("axes is required");
  const int64_t rank = static_cast<int64_t>(x.size() + axes.size());
  std::vector<bool> inserted(rank, false);
  for (int64_t axis : axes) {
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, rank));
    if (inserted[axis]) return ctx.Error("axes has duplicates");
    inserted[axis] = true;
  }
  Dims out;
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i) out.push_back(inserted[i] ? 1 : x[next++]);
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Unsqueeze", 1, 1, {{"axes", K::kInts}}, InferUnsqueeze),
                                    ScalePreservingTraits(true)),
                               AxesInputFromOnnx, AxesInputToOnnx));

}  // namespace
}  // namespace mint8::ir::ops
