// LayerNormalization (ONNX opset 17): normalizes over the dims from `axis`
// on, then scales (and shifts, with B); f32. The optional Mean and InvStdDev
// outputs keep the leading dims and have 1 for each normalized one.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferLayerNorm(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {kF32}));
  if (ctx.attributes().GetInt("stash_type", 1) != 1) return ctx.Error("stash_type must be 1 (f32)");
  if (ctx.input_shape(0).rank_known()) {
    const int64_t rank = ctx.input_shape(0).rank();
    int64_t axis = ctx.attributes().GetInt("axis", -1);
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, rank));
    if (ctx.AllInputShapesKnown()) {
      const Dims x = ctx.input_dims(0);
      const Dims normalized(x.begin() + axis, x.end());
      for (int i = 1; i < ctx.num_inputs(); ++i) {
        if (!ctx.has_input(i)) continue;
        const Dims p = ctx.input_dims(i);
        if (p.size() > normalized.size() ||
            !std::equal(p.begin(), p.end(), normalized.end() - static_cast<int64_t>(p.size()))) {
          // Broadcastable to the normalized dims is what ONNX allows; mint8
          // takes the common case: a trailing part of them.
          if (NumElements(p) != 1) {
            return ctx.Error(absl::StrCat(i == 1 ? "Scale " : "B ", DimsToString(p), " does not match ",
                                          DimsToString(normalized)));
          }
        }
      }
    }
  }
  MINT8_RETURN_IF_ERROR(InferSameAsInput(ctx));
  for (int i = 1; i < static_cast<int>(ctx.node().outputs.size()); ++i) {
    if (!ctx.input_shape(0).IsFullyKnown()) {
      ctx.SetOutput(i, kF32, Shape());
      continue;
    }
    Dims reduced = ctx.input_dims(0);
    int64_t axis = ctx.attributes().GetInt("axis", -1);
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(reduced.size())));
    std::fill(reduced.begin() + axis, reduced.end(), 1);
    ctx.SetOutput(i, kF32, Shape::Of(reduced));
  }
  return absl::OkStatus();
}

OpSchema SinceOpset17(OpSchema schema) {
  schema.onnx_opset = 17;
  return schema;
}

MINT8_REGISTER_OP(SinceOpset17(Op("LayerNormalization", 2, 3,
                                  {{"axis", K::kInt}, {"epsilon", K::kFloat}, {"stash_type", K::kInt}},
                                  InferLayerNorm, /*max_out=*/3)));

}  // namespace
}  // namespace mint8::ir::ops
