// Slice (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferSlice(InferenceContext& ctx) {
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    if (ctx.has_input(i)) MINT8_RETURN_IF_ERROR(RequireDtype(ctx, i, {DataType::kS32, DataType::kS64}));
  }
  std::optional<std::vector<int64_t>> starts = ctx.ConstantInts(1), ends = ctx.ConstantInts(2);
  std::optional<std::vector<int64_t>> axes, steps;
  if (ctx.has_input(3)) axes = ctx.ConstantInts(3);
  if (ctx.has_input(4)) steps = ctx.ConstantInts(4);
  if (!starts || !ends || (ctx.has_input(3) && !axes) || (ctx.has_input(4) && !steps) ||
      !ctx.input_shape(0).IsFullyKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (starts->size() != ends->size()) return ctx.Error("starts and ends differ in length");
  if (!axes) {
    axes.emplace(starts->size());
    std::iota(axes->begin(), axes->end(), 0);
  }
  if (!steps) steps.emplace(starts->size(), 1);
  if (axes->size() != starts->size() || steps->size() != starts->size()) {
    return ctx.Error("axes/steps differ in length from starts");
  }
  Dims out = x;
  for (size_t i = 0; i < axes->size(); ++i) {
    int64_t axis = (*axes)[i];
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, rank));
    const int64_t dim = x[axis], step = (*steps)[i];
    if (step == 0) return ctx.Error("steps must not be 0");
    int64_t start = (*starts)[i], end = (*ends)[i];
    if (start < 0) start += dim;
    if (end < 0) end += dim;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
      out[axis] = end > start ? (end - start + step - 1) / step : 0;
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
      out[axis] = start > end ? (start - end - step - 1) / -step : 0;
    }
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

// Before opset 10 starts, ends and axes were attributes.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (ctx.opset() >= 10) return absl::OkStatus();
  Attributes& attrs = node.attributes;
  node.inputs.push_back(ctx.AddInts(node, "starts", attrs.GetInts("starts")));
  node.inputs.push_back(ctx.AddInts(node, "ends", attrs.GetInts("ends")));
  if (attrs.Has("axes")) node.inputs.push_back(ctx.AddInts(node, "axes", attrs.GetInts("axes")));
  for (const char* name : {"starts", "ends", "axes"}) attrs.Erase(name);
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Slice", 3, 5, {}, InferSlice), ScalePreservingTraits(false)),
                               FromOnnx));

}  // namespace
}  // namespace mint8::ir::ops
