// Conv: oneDNN convolution (FP32, and INT8 with per-channel weight scales,
// the epilogue of int8_arithmetic.h and a residual sum computed in place);
// INT8 depthwise ones may run on mint8's own kernel (own_depthwise.h), INT8
// 1x1 ones on 1x1 maps on its mat-vec (own_matvec.h), FP32 3x3 ones on
// oneDNN's Winograd kernels, and
// ones ending in SiLU on mint8's SiLU after the convolution (own_activation.h).
#include "kernels/reference/conv.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ir/op_geometry.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/binary.h"
#include "kernels/onednn/convolution.h"
#include "kernels/onednn/engine.h"
#include "kernels/reference/quantization.h"
#include "runtime/lowering.h"
#include "runtime/ops/int8_compute.h"
#include "runtime/ops/own_activation.h"
#include "runtime/ops/own_depthwise.h"
#include "runtime/ops/own_matvec.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;
namespace ref = kernels::reference;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::ConvGeometry g, ir::ResolveConvGeometry(node, in[0].dims, in[1].dims));
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  const int sum = ir::SumInputIndex(node);
  if (in[0].dtype != ir::DataType::kF32) {
    return ref::QuantizedConv2d(g, in[0], in[1], Present(in, 2) ? &in[2] : nullptr, post_ops,
                                sum >= 0 ? &in[sum] : nullptr, out[0]);
  }
  ref::Conv2dF32(g, in[0].data<float>(), in[1].data<float>(), Present(in, 2) ? in[2].data<float>() : nullptr,
                 post_ops, sum >= 0 ? in[sum].data<float>() : nullptr, out[0].data<float>());
  return absl::OkStatus();
}

// oneDNN's next implementation of `spec` after its first choice, on the same
// layouts (ConvolutionSpec::implementation_rank); nullopt when there is none
// but reference code, or when the plan does not race kernels.
std::optional<dk::CompiledPrimitive> NextImplementation(const LoweringContext& ctx,
                                                        dk::ConvolutionSpec spec) {
  if (ctx.kernel_choice() != KernelChoice::kFastest) return std::nullopt;
  spec.implementation_rank = 1;
  absl::StatusOr<dk::CompiledPrimitive> next = dk::CreateConvolution(spec);
  if (!next.ok() || dk::IsReferenceImplementation(next->kernel->implementation())) return std::nullopt;
  return std::move(*next);
}

std::string ImplementationSignature(const dk::ConvolutionSpec& spec) {
  return absl::StrCat("conv first|next implementation ", dk::ConvolutionSignature(spec));
}

// `p` (oneDNN's first choice), or its next implementation where that is
// faster here.
absl::Status EmitWithImplementationChoice(LoweringContext& ctx, const ir::Node& node,
                                          const dk::ConvolutionSpec& spec, dk::CompiledPrimitive p) {
  std::optional<dk::CompiledPrimitive> next = NextImplementation(ctx, spec);
  if (!next) return ctx.Emit(node, std::move(p), {node.inputs[0]});
  return ctx.EmitFasterPrimitive(node, std::move(p), std::move(*next), {node.inputs[0]},
                                 ImplementationSignature(spec));
}

// The same for `p` with a residual sum, accumulating onto the residual.
absl::Status EmitSumWithImplementationChoice(LoweringContext& ctx, const ir::Node& node,
                                             const dk::ConvolutionSpec& spec, dk::CompiledPrimitive p,
                                             const dnnl::memory::desc& residual_desc) {
  const std::string& residual = node.inputs[ir::SumInputIndex(node)];
  std::string note;
  if (std::optional<dk::CompiledPrimitive> next = NextImplementation(ctx, spec)) {
    MINT8_ASSIGN_OR_RETURN(const bool faster,
                           ctx.AlternativeIsFaster(p, *next, ImplementationSignature(spec), &note));
    if (faster) p = std::move(*next);
  }
  return ctx.EmitInPlaceSum(node, std::move(p), node.inputs[0], residual, residual_desc, std::move(note));
}

// `p`, or the convolution without its SiLU followed by mint8's (own_activation.h),
// whichever is faster here (not built at all when oneDNN is forced: it packs
// the weights a second time).
absl::Status EmitWithSiluChoice(LoweringContext& ctx, const ir::Node& node, const dk::ConvolutionSpec& spec,
                                dk::CompiledPrimitive p) {
  if (ctx.kernel_choice() == KernelChoice::kOnednn) return ctx.Emit(node, std::move(p), {node.inputs[0]});
  MINT8_ASSIGN_OR_RETURN(std::optional<OwnKernel> own, ConvThenOwnSilu(spec));
  if (!own) return EmitWithImplementationChoice(ctx, node, spec, std::move(p));
  return ctx.EmitFastest(node, std::move(p), std::move(*own), {node.inputs[0]}, ConvSiluSignature(spec));
}

// The convolution with the post-ops before its residual sum, then a binary
// add of the residual with the ones after it: oneDNN 2.6's AVX2 FP32
// kernels take a sum only as the first post-op (EfficientNetV2's
// Conv -> SiLU -> Add ran on oneDNN's reference code, 50 ms a layer).
absl::Status EmitSumAsBinary(LoweringContext& ctx, const ir::Node& node, const dk::ConvolutionSpec& spec) {
  const auto is_sum = [](const ir::PostOp& op) { return op.kind == ir::PostOpKind::kSum; };
  const auto at = std::find_if(spec.post_ops.begin(), spec.post_ops.end(), is_sum);
  if (at == spec.post_ops.end() || at->alpha != 1.f)
    return NotOnednn("oneDNN offers only its reference code");
  dk::ConvolutionSpec before = spec;
  before.post_ops.assign(spec.post_ops.begin(), at);
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive conv, dk::CreateConvolution(before));
  MINT8_RETURN_IF_ERROR(RejectReference(conv));
  dk::BinarySpec add;
  add.src0_desc = conv.output_desc;
  add.src1_desc = conv.output_desc;
  add.post_ops.assign(at + 1, spec.post_ops.end());
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive binary, dk::CreateBinary(add));
  MINT8_RETURN_IF_ERROR(RejectReference(binary));
  MINT8_ASSIGN_OR_RETURN(const int src, ctx.ValueIn(node.inputs[0], conv.input_descs[0]));
  MINT8_ASSIGN_OR_RETURN(const int residual,
                         ctx.ValueIn(node.inputs[ir::SumInputIndex(node)], add.src1_desc));
  const ir::TensorInfo& out = ctx.Info(node.outputs[0]);
  const int partial =
      ctx.NewValue(out.name + "@before_sum", ir::DataType::kF32, out.shape.Sizes(), add.src0_desc);
  MINT8_RETURN_IF_ERROR(ctx.AddStep(std::move(conv), node.name, {src}, partial));
  const int y = ctx.NewOutput(node, 0, binary.output_desc);
  return ctx.AddStep(std::move(binary), node.name, {partial, residual}, y);
}

// oneDNN 2.6 has Winograd kernels for FP32 3x3 stride-1 convolutions on
// AVX-512 (F(2x2,3x3) and F(4x4,3x3)): 1.3-2.7x faster than direct ones on
// ResNet's and VGG's layers at batch 1 (Zen 5), results within float rounding.
bool WinogradCandidate(const dk::ConvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  const bool silu = !spec.post_ops.empty() && spec.post_ops.back().kind == ir::PostOpKind::kSilu;
  return g.group == 1 && w.kernel_h == 3 && w.kernel_w == 3 && w.stride_h == 1 && w.stride_w == 1 &&
         w.dilation_h == 1 && w.dilation_w == 1 && !silu;
}

// `p` (direct), or the Winograd convolution of the same spec where oneDNN has
// one and it is faster on this CPU.
absl::Status EmitWithWinogradChoice(LoweringContext& ctx, const ir::Node& node, dk::ConvolutionSpec spec,
                                    dk::CompiledPrimitive p) {
  spec.algorithm = dnnl::algorithm::convolution_winograd;
  absl::StatusOr<dk::CompiledPrimitive> winograd = dk::CreateConvolution(spec);
  if (!winograd.ok() || dk::IsReferenceImplementation(winograd->kernel->implementation()))
    return ctx.Emit(node, std::move(p), {node.inputs[0]});
  return ctx.EmitFasterPrimitive(node, std::move(p), std::move(*winograd), {node.inputs[0]},
                                 absl::StrCat("conv direct|winograd ", dk::ConvolutionSignature(spec)));
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::TensorInfo* w = ctx.Constant(node.inputs[1]);
  if (w == nullptr) return NotOnednn("weights that are not constant");
  dk::ConvolutionSpec spec;
  MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolveConvGeometry(node, x.shape.Sizes(), w->shape.Sizes()));
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
  spec.weights = w->data->data();
  if (node.has_input(2)) {
    const ir::TensorInfo* b = ctx.Constant(node.inputs[2]);
    if (b == nullptr) return NotOnednn("a bias that is not constant");
    spec.bias = b->data->data();
  }
  spec.src_hint = ctx.LayoutOf(node.inputs[0]);
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateConvolution(spec));
  const int sum = ir::SumInputIndex(node);
  if (sum < 0 && WinogradCandidate(spec) && ctx.kernel_choice() == KernelChoice::kFastest)
    return EmitWithWinogradChoice(ctx, node, spec, std::move(p));
  if (sum < 0) return EmitWithSiluChoice(ctx, node, spec, std::move(p));
  if (dk::IsReferenceImplementation(p.kernel->implementation())) return EmitSumAsBinary(ctx, node, spec);
  const dnnl::memory::desc residual_desc = p.output_desc;
  return EmitSumWithImplementationChoice(ctx, node, spec, std::move(p), residual_desc);
}

absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::TensorInfo* w = ctx.Constant(node.inputs[1]);
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const int sum = ir::SumInputIndex(node);
  if (w == nullptr || w->dtype != ir::DataType::kS8 || !ir::IsInt8(x.dtype) ||
      (sum >= 0 && !ir::IsInt8(y.dtype))) {
    return NotOnednn();
  }
  dk::ConvolutionSpec spec;
  MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolveConvGeometry(node, x.shape.Sizes(), w->shape.Sizes()));
  MINT8_RETURN_IF_ERROR(SetInt8Operands(ctx, node, spec.geometry.out_channels,
                                        sum >= 0 ? &ctx.Info(node.inputs[sum]) : nullptr, spec));
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateConvolution(spec));
  if (sum < 0) {
    if (std::optional<OwnKernel> matvec = OwnMatVecKernel(spec)) {
      return ctx.EmitFastest(node, std::move(p), std::move(*matvec), {node.inputs[0]}, MatVecSignature(spec));
    }
    std::optional<OwnKernel> own = OwnDepthwiseKernel(spec, spec.src_hint);
    if (!own) return EmitWithSiluChoice(ctx, node, spec, std::move(p));
    return ctx.EmitFastest(node, std::move(p), std::move(*own), {node.inputs[0]}, DepthwiseSignature(spec));
  }
  const dnnl::memory::desc residual_desc = WithType(p.output_desc, ctx.Info(node.inputs[sum]).dtype);
  return EmitSumWithImplementationChoice(ctx, node, spec, std::move(p), residual_desc);
}

MINT8_REGISTER_LOWERING("Conv", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
