// ChannelShuffle (mint8; not an ONNX op): ShuffleNet's channel shuffle with
// the concatenation before it. The inputs are joined along axis 1 (C
// channels), then output channel o is joined channel (o % groups) *
// (C / groups) + o / groups. ChannelShufflePatternPass forms it from the
// Reshape -> Transpose -> Reshape exporters write (and the Concat feeding
// it); it runs as one pass over the data instead of a concatenation, a 5-D
// transpose and the layout conversions around them, and is exported as
// those ONNX ops again.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status CheckGroups(InferenceContext& ctx, const Dims& joined) {
  const int64_t groups = ctx.attributes().GetInt("groups", 0);
  if (groups < 1 || joined[1] % groups != 0) {
    return ctx.Error(absl::StrCat(groups, " groups do not divide ", joined[1], " channels"));
  }
  return absl::OkStatus();
}

absl::Status InferChannelShuffle(InferenceContext& ctx) {
  if (ctx.AllInputShapesKnown() && ctx.input_dims(0).size() < 2)
    return ctx.Error("inputs need a channel axis (1)");
  return InferJoined(ctx, 1, CheckGroups);
}

MINT8_REGISTER_OP(NotInOnnx(With(Op("ChannelShuffle", 1, 1 << 20, {{"groups", K::kInt}}, InferChannelShuffle),
                                 RoleTraits(QuantizationRole::kScaleUnifying, /*range_keeping=*/true))));

}  // namespace
}  // namespace mint8::ir::ops
