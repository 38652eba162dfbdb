#include "runtime/ops/own_activation.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"
#include "kernels/x86/activation.h"
#include "kernels/x86/source_to_destination_kernel.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;
using dt = dnnl::memory::data_type;

std::unique_ptr<x86::SiluF32> SiluOver(const dnnl::memory::desc& desc) {
  auto silu = x86::SiluF32::Create(static_cast<int64_t>(desc.get_size() / sizeof(float)), dk::OwnKernelIsa());
  return silu.ok() ? std::move(*silu) : nullptr;
}

// A oneDNN primitive, then mint8's SiLU in place over its destination (every
// element of the buffer: SiLU keeps a blocked layout's zero padding zero).
class PrimitiveThenSilu : public kernels::BoundKernel {
 public:
  PrimitiveThenSilu(std::unique_ptr<dk::PrimitiveKernel> primitive, std::unique_ptr<x86::SiluF32> silu)
      : primitive_(std::move(primitive)),
        silu_(std::move(silu)),
        implementation_(absl::StrCat(primitive_->implementation(), "+mint8_silu:", IsaName(silu_->isa()))) {}

  void BindValue(int arg, int value) override {
    BoundKernel::BindValue(arg, value);
    primitive_->BindValue(arg, value);
  }
  absl::string_view op_type() const override { return primitive_->op_type(); }
  std::string implementation() const override { return implementation_; }
  size_t scratchpad_bytes() const override { return primitive_->scratchpad_bytes(); }
  size_t num_exec_args() const override { return primitive_->num_exec_args(); }
  absl::Status Execute(kernels::KernelContext& ctx) const override {
    const int dst = ValueOf(DNNL_ARG_DST);
    if (dst < 0) return absl::InternalError(absl::StrCat(implementation_, " run before binding"));
    MINT8_RETURN_IF_ERROR(primitive_->Execute(ctx));
    silu_->Run(ctx.data(dst), ctx.data(dst));
    return absl::OkStatus();
  }

 private:
  std::unique_ptr<dk::PrimitiveKernel> primitive_;
  std::unique_ptr<x86::SiluF32> silu_;
  std::string implementation_;
};

// `p` (writing real values), then `activation` and the quantization of `e`
// (its multiplier, clamp and zero point) to `dst_type` in one elementwise
// pass, so only over a layout without padding.
std::optional<OwnKernel> ThenActivationQuantize(dk::CompiledPrimitive p, x86::QuantizedActivation activation,
                                                const dk::Epilogue& e, dt dst_type, const char* op) {
  const dnnl::memory::desc& real = p.output_desc;
  int64_t values = 1;
  for (int i = 0; i < real.data.ndims; ++i) values *= real.data.dims[i];
  if (static_cast<int64_t>(real.get_size()) != values * static_cast<int64_t>(sizeof(float)))
    return std::nullopt;
  x86::ActivationQuantizeParams q;
  q.values = values;
  q.activation = activation;
  q.multiplier = e.post_scale;
  if (e.clamp) {
    q.low = e.clamp_low;
    q.high = e.clamp_high;
  }
  q.zero_point = e.dst_zero_point;
  q.dst_signed = dst_type == dt::s8;
  auto kernel = x86::ActivationQuantize::Create(q, dk::OwnKernelIsa());
  if (!kernel.ok()) return std::nullopt;
  OwnKernel own;
  own.kernel = std::make_unique<x86::SourceToDestinationKernel<x86::ActivationQuantize>>(
      op, activation == x86::QuantizedActivation::kGelu ? "mint8_gelu_quantize" : "mint8_silu_quantize",
      std::move(*kernel));
  own.input_descs = {real};
  dnnl::memory::desc out = real;
  out.data.data_type = static_cast<dnnl_data_type_t>(dst_type);
  own.output_desc = out;
  own.first = std::move(p);
  return own;
}

}  // namespace

std::optional<OwnKernel> OwnSiluKernel(const dnnl::memory::desc& desc) {
  if (desc.data_type() != dt::f32) return std::nullopt;
  std::unique_ptr<x86::SiluF32> silu = SiluOver(desc);
  if (silu == nullptr) return std::nullopt;
  OwnKernel own;
  own.kernel =
      std::make_unique<x86::SourceToDestinationKernel<x86::SiluF32>>("Silu", "mint8_silu", std::move(silu));
  own.input_descs = {desc};
  own.output_desc = desc;
  return own;
}

absl::StatusOr<std::optional<OwnKernel>> ConvThenOwnSilu(const dk::ConvolutionSpec& spec) {
  const dk::Epilogue& e = spec.epilogue;
  if (spec.post_ops.empty() || spec.post_ops.back().kind != ir::PostOpKind::kSilu ||
      e.sum_type != dt::undef || e.dst_zero_point_in_post_ops ||
      (spec.dst_type == dt::f32 && (e.post_scale != 1.f || e.dst_zero_point != 0 || e.clamp))) {
    return std::nullopt;
  }
  // The convolution up to the SiLU, writing real values.
  dk::ConvolutionSpec without = spec;
  without.post_ops.pop_back();
  without.dst_type = dt::f32;
  without.epilogue.post_scale = 1.f;
  without.epilogue.dst_zero_point = 0;
  without.epilogue.clamp = false;
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateConvolution(without));
  if (dk::IsReferenceImplementation(p.kernel->implementation())) return std::nullopt;
  if (spec.dst_type == dt::f32) {
    std::unique_ptr<x86::SiluF32> silu = SiluOver(p.output_desc);
    if (silu == nullptr) return std::nullopt;
    OwnKernel own;
    own.kernel = std::make_unique<PrimitiveThenSilu>(std::move(p.kernel), std::move(silu));
    own.input_descs = p.input_descs;
    own.output_desc = p.output_desc;
    return own;
  }
  return ThenActivationQuantize(std::move(p), x86::QuantizedActivation::kSilu, e, spec.dst_type, "Conv");
}

absl::StatusOr<std::optional<OwnKernel>> InnerProductThenOwnGelu(const dk::InnerProductSpec& spec) {
  const dk::Epilogue& e = spec.epilogue;
  if (spec.post_ops.empty() || spec.post_ops.back().kind != ir::PostOpKind::kGelu ||
      spec.dst_type == dt::f32 || e.sum_type != dt::undef || e.dst_zero_point_in_post_ops) {
    return std::nullopt;
  }
  dk::InnerProductSpec without = spec;
  without.post_ops.pop_back();
  without.dst_type = dt::f32;
  without.epilogue.post_scale = 1.f;
  without.epilogue.dst_zero_point = 0;
  without.epilogue.clamp = false;
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateInnerProduct(without));
  if (dk::IsReferenceImplementation(p.kernel->implementation())) return std::nullopt;
  return ThenActivationQuantize(std::move(p), x86::QuantizedActivation::kGelu, e, spec.dst_type, "Gemm");
}

std::string InnerProductGeluSignature(const dk::InnerProductSpec& spec) {
  return absl::StrCat("inner product+gelu ", dk::InnerProductSignature(spec));
}

std::string ConvSiluSignature(const dk::ConvolutionSpec& spec) {
  return absl::StrCat("conv+silu ", dk::ConvolutionSignature(spec));
}

}  // namespace mint8::runtime::ops
