// ConvTranspose (ONNX), 2-D: the gradient of Conv as an upsampling layer
// (PaddleOCR's detector, segmentation heads). An INT8 compute op like Conv
// (u8/s8 input, s8 weights per output channel, s32 bias) when it has one
// group. mint8 extension: fused post-ops as on Conv; a following bias Add
// and BatchNorm fold into it.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferConvTranspose(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(CheckPostOps(ctx, 3));
  MINT8_ASSIGN_OR_RETURN(DataType out_dtype, ComputeOutputDtype(ctx));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {ctx.input_dtype(0) == kF32 ? kF32 : DataType::kS8}));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out_dtype);
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(ConvGeometry g,
                         ResolveConvTransposeGeometry(ctx.node(), ctx.input_dims(0), ctx.input_dims(1)));
  if (ctx.has_input(2) && ctx.input_dims(2) != Dims{g.out_channels}) {
    return ctx.Error(absl::StrCat("bias ", DimsToString(ctx.input_dims(2)), " does not match ",
                                  g.out_channels, " output channels"));
  }
  ctx.SetOutput(0, out_dtype, Shape::Of({g.batch, g.out_channels, g.window.out_h, g.window.out_w}));
  return absl::OkStatus();
}

// Weights [IC, OC/group, KH, KW]: with one group, axis 1 is the output
// channel (per-channel scales, BatchNorm folding); grouped weights have no
// such axis (the folding, which checks its size, leaves them).
int OutputChannelAxis(const Node&) { return 1; }

// Each output gathers (IC / group) * KH * KW / (stride_h * stride_w) taps on
// average.
int64_t ConvTransposeMacs(const Node& node, const std::vector<int64_t>& w) {
  if (w.size() != 4) return 0;
  const std::vector<int64_t> strides = node.attributes.GetInts("strides", {1, 1});
  const int64_t stride = strides.size() == 2 ? std::max<int64_t>(1, strides[0] * strides[1]) : 1;
  return w[0] / std::max<int64_t>(1, node.attributes.GetInt("group", 1)) * w[2] * w[3] / stride;
}

std::string Int8Blocker(const Graph& graph, const Node& node) {
  if (node.attributes.GetInt("group", 1) != 1)
    return "grouped (no single output-channel axis for the weights)";
  // oneDNN 2.6 has only reference code for INT8 deconvolution to a single
  // channel (PaddleOCR's probability map: 15 ms against 0.9 in FP32); mint8's
  // patch kernel runs those whose strides equal their kernel.
  const TensorInfo* w = graph.FindConstant(node.inputs[1]);
  if (w == nullptr || w->shape.rank() != 4 || w->shape.dim(1).size >= 8) return "";
  const TensorInfo* x = graph.FindTensor(node.inputs[0]);
  if (x != nullptr && x->shape.IsFullyKnown()) {
    absl::StatusOr<ConvGeometry> g = ResolveConvTransposeGeometry(node, x->shape.Sizes(), w->shape.Sizes());
    if (g.ok() && IsPatchWindow(g->window)) return "";
  }
  return "fewer than 8 output channels, strides other than the kernel";
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
                       ComputeTraits(QuantizationRole::kCompute, OutputChannelAxis, ConvTransposeMacs,
                                     Int8Blocker)));

}  // namespace
}  // namespace mint8::ir::ops
