// ReduceMean (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferReduceMean(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(kF32);
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  std::vector<int64_t> axes = ctx.attributes().GetInts("axes");
  const bool keep = ctx.attributes().GetInt("keepdims", 1) != 0;
  std::vector<bool> reduce(x.size(), axes.empty());
  for (int64_t axis : axes) {
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(x.size())));
    reduce[axis] = true;
  }
  Dims out;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!reduce[i])
      out.push_back(x[i]);
    else if (keep)
      out.push_back(1);
  }
  ctx.SetOutput(0, kF32, Shape::Of(out));
  return absl::OkStatus();
}

// Opset 18 gives axes as an input; mint8 keeps the attribute (opset 13).
MINT8_REGISTER_OP(WithOnnxForm(With(Op("ReduceMean", 1, 1, {{"axes", K::kInts}, {"keepdims", K::kInt}},
                                       InferReduceMean),
                                    MathTraits(MathFunction::kMean)),
                               AxesInputFromOnnx));

}  // namespace
}  // namespace mint8::ir::ops
