// Squeeze (ONNX). axes is an attribute (the importer converts the input form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferSqueeze(InferenceContext& ctx) {
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  std::vector<int64_t> axes = ctx.attributes().GetInts("axes");
  std::vector<bool> drop(x.size(), false);
  if (axes.empty()) {
    for (size_t i = 0; i < x.size(); ++i) drop[i] = x[i] == 1;
  }
  for (int64_t axis : axes) {
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(x.size())));
    if (x[axis] != 1) return ctx.Error(absl::StrCat("cannot squeeze axis ", axis, " of size ", x[axis]));
    drop[axis] = true;
  }
  Dims out;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!drop[i]) out.push_back(x[i]);
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Squeeze", 1, 1, {{"axes", K::kInts}}, InferSqueeze),
                                    ScalePreservingTraits(true)),
                               AxesInputFromOnnx, AxesInputToOnnx));

}  // namespace
}  // namespace mint8::ir::ops
