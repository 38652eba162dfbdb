// ConvTranspose (ONNX), 2-D: the gradient of Conv as an upsampling layer
// (PaddleOCR's detector, segmentation heads). FP32; in INT8 models it stays
// FP32 (no quantization role yet). mint8 extension: fused post-ops as on
// Conv; a following bias Add and BatchNorm fold into it.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferConvTranspose(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(CheckPostOps(ctx, 3));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {kF32}));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(kF32);
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(ConvGeometry g,
                         ResolveConvTransposeGeometry(ctx.node(), ctx.input_dims(0), ctx.input_dims(1)));
  if (ctx.has_input(2) && ctx.input_dims(2) != Dims{g.out_channels}) {
    return ctx.Error(absl::StrCat("bias ", DimsToString(ctx.input_dims(2)), " does not match ",
                                  g.out_channels, " output channels"));
  }
  ctx.SetOutput(0, kF32, Shape::Of({g.batch, g.out_channels, g.window.out_h, g.window.out_w}));
  return absl::OkStatus();
}

// Weights [IC, OC/group, KH, KW]: with one group, axis 1 is the output
// channel (a BatchNorm folds along it); grouped weights have no such axis
// and the folding, which checks its size, leaves them.
int OutputChannelAxis(const Node&) { return 1; }

OpTraits Traits() {
  OpTraits t;
  t.takes_post_ops = true;
  t.non_negative_output = PostOpsNonNegative;
  t.weight_output_axis = OutputChannelAxis;
  return t;
}

MINT8_REGISTER_OP(With(Op("ConvTranspose", 2, 3,
                          JoinAttributes({{"auto_pad", K::kString},
                                          {"dilations", K::kInts},
                                          {"group", K::kInt},
                                          {"kernel_shape", K::kInts},
                                          {"output_padding", K::kInts},
                                          {"output_shape", K::kInts},
                                          {"pads", K::kInts},
                                          {"strides", K::kInts}},
                                         PostOpAttributes()),
                          InferConvTranspose),
                       Traits()));

}  // namespace
}  // namespace mint8::ir::ops
