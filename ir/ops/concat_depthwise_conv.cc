// ConcatDepthwiseConv (mint8; not an ONNX op): a depthwise 1x1 Conv at
// stride 1 (a BatchNorm no convolution absorbed, as DenseNet applies to
// every concatenation of its dense blocks) of the channel concatenation of
// its sources, INT8, the sources quantized alike. Inputs: source 0, the
// Conv's weights and bias ("" for none), then sources 1..n-1; attributes
// and post-ops are the Conv's. ConcatDepthwisePass forms it at compile
// time only (sessions), so that the kernel reads the parts where they lie
// instead of a copy of them; models never store it.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

constexpr int kFirstOtherSource = 3;

absl::Status InferConcatDepthwiseConv(InferenceContext& ctx) {
  if (!IsInt8(ctx.input_dtype(0))) return ctx.Error("sources must be INT8");
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS8}));
  MINT8_ASSIGN_OR_RETURN(const DataType out_dtype, ComputeOutputDtype(ctx));
  for (int i = kFirstOtherSource; i < ctx.num_inputs(); ++i) {
    if (ctx.input_dtype(i) != ctx.input_dtype(0)) return ctx.Error("sources differ in type");
  }
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out_dtype);
    return absl::OkStatus();
  }
  Dims joined = ctx.input_dims(0);
  if (joined.size() != 4) return ctx.Error("sources must be 4-D");
  for (int i = kFirstOtherSource; i < ctx.num_inputs(); ++i) {
    const Dims d = ctx.input_dims(i);
    if (d.size() != 4 || d[0] != joined[0] || d[2] != joined[2] || d[3] != joined[3]) {
      return ctx.Error(absl::StrCat("source ", DimsToString(d), " does not join ", DimsToString(joined),
                                    " along channels"));
    }
    joined[1] += d[1];
  }
  MINT8_ASSIGN_OR_RETURN(ConvGeometry g, ResolveConvGeometry(ctx.node(), joined, ctx.input_dims(1)));
  if (!g.depthwise() || g.window.kernel_h != 1 || g.window.kernel_w != 1 || g.window.out_h != joined[2] ||
      g.window.out_w != joined[3]) {
    return ctx.Error("the convolution is not depthwise 1x1 at stride 1 without padding");
  }
  if (ctx.has_input(2) && ctx.input_dims(2) != Dims{joined[1]}) {
    return ctx.Error(
        absl::StrCat("bias ", DimsToString(ctx.input_dims(2)), " does not match ", joined[1], " channels"));
  }
  std::vector<PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ParsePostOps(ctx.node(), post_ops));
  for (const PostOp& op : post_ops) {
    if (op.kind == PostOpKind::kSum) return ctx.Error("no residual sum");
  }
  ctx.SetOutput(0, out_dtype, Shape::Of(joined));
  return absl::OkStatus();
}

int WeightOutputAxis(const Node&) { return 0; }

int64_t Macs(const Node&, const std::vector<int64_t>&) { return 1; }  // one per output

MINT8_REGISTER_OP(NotInOnnx(With(Op("ConcatDepthwiseConv", 2, 1 << 20, ConvAttributes(),
                                    InferConcatDepthwiseConv),
                                 ComputeTraits(QuantizationRole::kCompute, WeightOutputAxis, Macs))));

}  // namespace
}  // namespace mint8::ir::ops
