// ConvTranspose: oneDNN deconvolution (FP32, then its bias and fused
// activations; INT8 with them inside), the reference loops otherwise. A
// deconvolution whose strides equal its kernel (a detector's upsampling
// head) also races mint8's patch kernel (kernels/x86/patch_deconvolution.h),
// which reads f32 channels-last or 8-channel-blocked input, or INT8
// channels-last input into an f32 output, as it is.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/op_geometry.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/binary.h"
#include "kernels/onednn/deconvolution.h"
#include "kernels/reference/conv.h"
#include "kernels/reference/quantization.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/patch_deconvolution.h"
#include "kernels/x86/source_to_destination_kernel.h"
#include "runtime/lowering.h"
#include "runtime/ops/int8_compute.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::ConvGeometry g, ir::ResolveConvTransposeGeometry(node, in[0].dims, in[1].dims));
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  if (in[0].dtype != ir::DataType::kF32) {
    return kernels::reference::QuantizedConvTranspose2d(g, in[0], in[1], Present(in, 2) ? &in[2] : nullptr,
                                                        post_ops, out[0]);
  }
  kernels::reference::ConvTranspose2dF32(g, in[0].data<float>(), in[1].data<float>(),
                                         Present(in, 2) ? in[2].data<float>() : nullptr,
                                         out[0].data<float>());
  kernels::reference::ApplyPostOps(post_ops, nullptr, out[0].data<float>(), out[0].num_elements());
  return absl::OkStatus();
}

// The activation of mint8's patch kernel for `post_ops`, if it has one.
std::optional<x86::PatchActivation> PatchActivationOf(const std::vector<ir::PostOp>& post_ops) {
  if (post_ops.empty()) return x86::PatchActivation::kNone;
  if (post_ops.size() > 1) return std::nullopt;
  if (post_ops[0].kind == ir::PostOpKind::kSigmoid) return x86::PatchActivation::kSigmoid;
  if (post_ops[0].kind == ir::PostOpKind::kRelu && post_ops[0].alpha == 0.f)
    return x86::PatchActivation::kRelu;
  return std::nullopt;
}

// The patch kernel's parameters for geometry `g` and `post_ops` reading
// `src` (f32 channels-last or in blocks of 8 channels; u8/s8 channels-last);
// nullopt where the kernel does not apply.
std::optional<x86::PatchDeconvolutionParams> PatchParams(const ir::ConvGeometry& g,
                                                         const std::vector<ir::PostOp>& post_ops,
                                                         const dnnl::memory::desc& src) {
  using dt = dnnl::memory::data_type;
  const ir::Window2d& w = g.window;
  const std::optional<x86::PatchActivation> activation = PatchActivationOf(post_ops);
  if (!activation || g.group != 1 || !ir::IsPatchWindow(w) || src.is_zero()) return std::nullopt;
  const dnnl::memory::dims in = {g.batch, g.in_channels, w.in_h, w.in_w};
  const dnnl::memory::desc plain(in, src.data_type(), dnnl::memory::format_tag::abcd);
  const dnnl::memory::desc blocked(in, src.data_type(), dnnl::memory::format_tag::aBcd8b);
  x86::PatchDeconvolutionParams p;
  p.source = src.data_type() == dt::u8   ? x86::PatchSource::kU8
             : src.data_type() == dt::s8 ? x86::PatchSource::kS8
                                         : x86::PatchSource::kF32;
  if (p.source == x86::PatchSource::kF32 && src.data_type() != dt::f32) return std::nullopt;
  p.blocked_source = p.source == x86::PatchSource::kF32 && g.in_channels % 8 == 0 && src == blocked;
  if (!p.blocked_source && src != ChannelsLast(plain)) return std::nullopt;
  p.batch = g.batch;
  p.height = w.in_h;
  p.width = w.in_w;
  p.in_channels = g.in_channels;
  p.out_channels = g.out_channels;
  p.kernel_h = w.kernel_h;
  p.kernel_w = w.kernel_w;
  p.activation = *activation;
  return p;
}

// `deconv` as the node's step, reading `src` and writing channels-last.
OwnKernel PatchKernel(std::unique_ptr<x86::PatchDeconvolution> deconv, const ir::ConvGeometry& g,
                      const dnnl::memory::desc& src) {
  const dnnl::memory::desc out_plain({g.batch, g.out_channels, g.window.out_h, g.window.out_w},
                                     dnnl::memory::data_type::f32, dnnl::memory::format_tag::abcd);
  OwnKernel own;
  own.kernel = std::make_unique<x86::SourceToDestinationKernel<x86::PatchDeconvolution>>(
      "ConvTranspose", "mint8_patch_deconv", std::move(deconv));
  own.input_descs = {src};
  // One channel: channels-last is the plain layout.
  own.output_desc = g.out_channels == 1 ? out_plain : ChannelsLast(out_plain);
  return own;
}

std::optional<OwnKernel> OwnPatchDeconvolution(const ir::ConvGeometry& g, const float* weights,
                                               const float* bias, const std::vector<ir::PostOp>& post_ops,
                                               const dnnl::memory::desc& src) {
  const std::optional<x86::PatchDeconvolutionParams> p = PatchParams(g, post_ops, src);
  if (!p || p->source != x86::PatchSource::kF32) return std::nullopt;
  auto deconv = x86::PatchDeconvolution::Create(*p, weights, bias, BestAvailableIsa());
  if (!deconv.ok()) return std::nullopt;
  return PatchKernel(std::move(*deconv), g, src);
}

// The patch kernel for an INT8 node with an f32 output, from the operands
// SetInt8Operands gathered (its output scales are then the dequantization
// scales, one per output channel).
std::optional<OwnKernel> OwnInt8PatchDeconvolution(const dk::DeconvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  if (spec.dst_type != dnnl::memory::data_type::f32 ||
      static_cast<int64_t>(spec.epilogue.output_scales.size()) != g.out_channels) {
    return std::nullopt;
  }
  std::optional<x86::PatchDeconvolutionParams> p = PatchParams(g, spec.post_ops, spec.src_hint);
  if (!p || p->source == x86::PatchSource::kF32) return std::nullopt;
  p->zero_point = spec.epilogue.src_zero_point;
  auto deconv = x86::PatchDeconvolution::CreateInt8(*p, static_cast<const int8_t*>(spec.weights),
                                                    static_cast<const int32_t*>(spec.bias),
                                                    spec.epilogue.output_scales.data(), BestAvailableIsa());
  if (!deconv.ok()) return std::nullopt;
  return PatchKernel(std::move(*deconv), g, spec.src_hint);
}

// What the race of the patch kernel against oneDNN is cached under: the
// input (type, shape, layout), output channels, window and post-ops.
std::string PatchSignature(const ir::TensorInfo& x, const dk::DeconvolutionSpec& spec,
                           const std::vector<ir::PostOp>& post_ops) {
  const ir::Window2d& w = spec.geometry.window;
  std::string signature =
      absl::StrCat("patch deconvolution ", ir::DataTypeName(x.dtype), " ",
                   absl::StrJoin(x.shape.Sizes(), "x"), " ", dk::LayoutKey(spec.src_hint), " to ",
                   spec.geometry.out_channels, " by ", w.kernel_h, "x", w.kernel_w, " post-ops");
  for (const ir::PostOp& op : post_ops) absl::StrAppend(&signature, " ", static_cast<int>(op.kind));
  return signature;
}

// The bias and activations run as one binary step after the deconvolution:
// oneDNN 2.6's deconvolution with a bias took 15 ms where it took 3.9
// without ([1,24,320,320] -> [1,1,640,640], 2x2 stride 2; with a ReLU or
// sigmoid post-op 200 ms; one Zen 5 thread), and 224 ms with bias and ReLU
// against 4.1 for deconvolution then binary step ([1,24,160,160] -> [1,24,
// 320,320]; Zen 3).
absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo* w = ctx.Constant(node.inputs[1]);
  if (w == nullptr) return NotOnednn("weights that are not constant");
  dk::DeconvolutionSpec spec;
  MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolveConvTransposeGeometry(
                                            node, ctx.Info(node.inputs[0]).shape.Sizes(), w->shape.Sizes()));
  spec.weights = w->data->data<float>();
  spec.src_hint = ctx.LayoutOf(node.inputs[0]);
  absl::StatusOr<dk::CompiledPrimitive> p = dk::CreateDeconvolution(spec);
  // Negative end pads (output_padding beyond the pads) are outside oneDNN's.
  if (!p.ok()) return NotOnednn(p.status().message());
  dk::BinarySpec epilogue;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, epilogue.post_ops));
  const int64_t channels = spec.geometry.out_channels;
  std::vector<float> bias(channels, 0.f);
  if (node.has_input(2)) {
    const ir::TensorInfo* b = ctx.Constant(node.inputs[2]);
    if (b == nullptr) return NotOnednn("a bias that is not constant");
    std::copy_n(b->data->data<float>(), channels, bias.begin());
  }
  std::vector<dk::CompiledPrimitive> chain;
  chain.push_back(std::move(*p));
  if (node.has_input(2) || !epilogue.post_ops.empty()) {
    epilogue.src0_desc = chain[0].output_desc;
    epilogue.src1_desc = dk::SameLayout(chain[0].output_desc, {1, channels, 1, 1});
    epilogue.src1_constant = bias.data();  // packed by CreateBinary
    epilogue.src1_constant_desc = PlainOf(ir::DataType::kF32, {1, channels, 1, 1});
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive add, dk::CreateBinary(epilogue));
    MINT8_RETURN_IF_ERROR(RejectReference(add));
    chain.push_back(std::move(add));
  }
  std::optional<OwnKernel> own = OwnPatchDeconvolution(spec.geometry, w->data->data<float>(), bias.data(),
                                                       epilogue.post_ops, spec.src_hint);
  if (!own) return ctx.EmitChain(node, std::move(chain), node.inputs[0]);
  return ctx.EmitFastestChain(node, std::move(chain), std::move(*own), node.inputs[0],
                              PatchSignature(ctx.Info(node.inputs[0]), spec, epilogue.post_ops));
}

// INT8: bias, scales and activations in the deconvolution itself (oneDNN's
// INT8 deconvolution applies them in its kernel); with an f32 output also
// mint8's patch kernel where it applies, the only fast one for a few
// output channels.
absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::TensorInfo* w = ctx.Constant(node.inputs[1]);
  if (w == nullptr || w->dtype != ir::DataType::kS8 || !ir::IsInt8(x.dtype)) return NotOnednn();
  dk::DeconvolutionSpec spec;
  MINT8_ASSIGN_OR_RETURN(spec.geometry,
                         ir::ResolveConvTransposeGeometry(node, x.shape.Sizes(), w->shape.Sizes()));
  MINT8_RETURN_IF_ERROR(SetInt8Operands(ctx, node, spec.geometry.out_channels, nullptr, spec));
  std::optional<OwnKernel> own = OwnInt8PatchDeconvolution(spec);
  absl::StatusOr<dk::CompiledPrimitive> p = dk::CreateDeconvolution(spec);
  const bool onednn = p.ok() && RejectReference(*p).ok();
  if (own && !onednn) {
    return ctx.EmitOwn(node, std::move(*own), {node.inputs[0]}, "oneDNN has only its reference code here");
  }
  if (!p.ok()) return NotOnednn(p.status().message());
  if (!own) return ctx.Emit(node, std::move(*p), {node.inputs[0]});
  return ctx.EmitFastest(node, std::move(*p), std::move(*own), {node.inputs[0]},
                         PatchSignature(x, spec, spec.post_ops));
}

MINT8_REGISTER_LOWERING("ConvTranspose", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
