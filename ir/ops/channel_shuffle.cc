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

absl::Status InferChannelShuffle(InferenceContext& ctx) {
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    if (ctx.input_dtype(i) != ctx.input_dtype(0)) return ctx.Error("inputs differ in type");
  }
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  Dims out = ctx.input_dims(0);
  if (out.size() < 2) return ctx.Error("inputs need a channel axis (1)");
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    const Dims d = ctx.input_dims(i);
    bool ok = d.size() == out.size();
    for (size_t j = 0; ok && j < d.size(); ++j) ok = j == 1 || d[j] == out[j];
    if (!ok) {
      return ctx.Error(absl::StrCat("input ", i, " ", DimsToString(d), " does not match ",
                                    DimsToString(ctx.input_dims(0)), " outside axis 1"));
    }
    out[1] += d[1];
  }
  const int64_t groups = ctx.attributes().GetInt("groups", 0);
  if (groups < 1 || out[1] % groups != 0) {
    return ctx.Error(absl::StrCat(groups, " groups do not divide ", out[1], " channels"));
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(NotInOnnx(With(Op("ChannelShuffle", 1, 1 << 20, {{"groups", K::kInt}}, InferChannelShuffle),
                                 RoleTraits(QuantizationRole::kScaleUnifying, /*range_keeping=*/true))));

}  // namespace
}  // namespace mint8::ir::ops
