// Flatten (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferFlatten(InferenceContext& ctx) {
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  int64_t axis = ctx.attributes().GetInt("axis", 1);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (axis < -rank || axis > rank) return ctx.Error("axis out of range");
  if (axis < 0) axis += rank;
  const int64_t outer = NumElements(absl::MakeSpan(x).subspan(0, axis));
  const int64_t inner = NumElements(absl::MakeSpan(x).subspan(axis));
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of({outer, inner}));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(With(Op("Flatten", 1, 1, {{"axis", K::kInt}}, InferFlatten), ScalePreservingTraits(true)));

}  // namespace
}  // namespace mint8::ir::ops
