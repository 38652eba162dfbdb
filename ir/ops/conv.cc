// Conv (ONNX), 2-D. mint8 extension: "post_ops"/"post_op_alpha"/"post_op_beta" fuse
// activations, a residual sum (read from one extra input after the regular
// ones) and fake quantization onto the result.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferConv(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(CheckPostOps(ctx, 3));
  MINT8_ASSIGN_OR_RETURN(DataType out_dtype, ComputeOutputDtype(ctx));
  if (ctx.input_dtype(0) == kF32) {
    MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {kF32}));
  } else {
    MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS8}));
  }
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out_dtype);
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0), w = ctx.input_dims(1);
  MINT8_ASSIGN_OR_RETURN(ConvGeometry g, ResolveConvGeometry(ctx.node(), x, w));
  if (ctx.has_input(2)) {
    const Dims b = ctx.input_dims(2);
    if (b.size() != 1 || b[0] != g.out_channels) {
      return ctx.Error(
          absl::StrCat("bias ", DimsToString(b), " does not match ", g.out_channels, " output channels"));
    }
  }
  const Dims y = {g.batch, g.out_channels, g.window.out_h, g.window.out_w};
  if (ctx.has_input(3) && ctx.input_dims(3) != y) {
    return ctx.Error(absl::StrCat("residual input ", DimsToString(ctx.input_dims(3)),
                                  " does not match the output ", DimsToString(y)));
  }
  ctx.SetOutput(0, out_dtype, Shape::Of(y));
  return absl::OkStatus();
}

int ConvWeightOutputAxis(const Node&) { return 0; }  // [M, C/group, kH, kW]

int64_t ConvMacs(const Node&, const std::vector<int64_t>& w) {
  int64_t per_output = 1;  // (C/group) x kernel
  for (size_t i = 1; i < w.size(); ++i) per_output *= w[i];
  return per_output;
}

OpTraits ConvTraits() {
  OpTraits traits = ComputeTraits(QuantizationRole::kCompute, ConvWeightOutputAxis, ConvMacs);
  traits.accepts_residual_sum = true;
  traits.absorb_zero_padding = AddSpatialPads;
  return traits;
}

MINT8_REGISTER_OP(With(Op("Conv", 2, 4, ConvAttributes(), InferConv), ConvTraits()));

}  // namespace
}  // namespace mint8::ir::ops
