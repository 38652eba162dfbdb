#include "runtime/ops/own_depthwise.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "kernels/onednn/engine.h"
#include "kernels/x86/depthwise_conv.h"
#include "kernels/x86/source_to_destination_kernel.h"

namespace mint8::runtime::ops {
namespace {

using dt = dnnl::memory::data_type;
namespace dk = kernels::onednn;

bool IsInt8(dt t) { return t == dt::u8 || t == dt::s8; }

// Applies "clamp to [low, high]" after the activation so far, which clamps to
// [*lo, *hi]: the composition is one clamp.
void ComposeClamp(float low, float high, float* lo, float* hi) {
  *lo = std::clamp(*lo, low, high);
  *hi = std::clamp(*hi, low, high);
}

// The post-ops and epilogue as the kernel's: a clamp in output units, or
// HardSwish or SiLU on real values, the output multiplier, then a clamp.
// False for anything else.
bool KernelEpilogue(const dk::ConvolutionSpec& spec, x86::DepthwiseConvParams& p) {
  const dk::Epilogue& e = spec.epilogue;
  if (e.dst_zero_point_in_post_ops || e.sum_type != dt::undef) return false;
  constexpr float kLimit = 1e9f;  // saturates any u8/s8 output
  p.low = -kLimit;
  p.high = kLimit;
  const ir::PostOpKind first = spec.post_ops.empty() ? ir::PostOpKind::kRelu : spec.post_ops[0].kind;
  if (spec.post_ops.size() == 1 && (first == ir::PostOpKind::kHardSwish || first == ir::PostOpKind::kSilu)) {
    p.activation = first == ir::PostOpKind::kSilu ? x86::DepthwiseConvParams::Activation::kSilu
                                                  : x86::DepthwiseConvParams::Activation::kHardSwish;
    p.post_scale = e.post_scale;
  } else {
    if (e.post_scale != 1.f) return false;
    for (const ir::PostOp& op : spec.post_ops) {
      if (op.kind == ir::PostOpKind::kRelu) {
        ComposeClamp(0.f, kLimit, &p.low, &p.high);
      } else if (op.kind == ir::PostOpKind::kClip) {
        ComposeClamp(std::max(op.alpha, -kLimit), std::min(op.beta, kLimit), &p.low, &p.high);
      } else {
        return false;
      }
    }
  }
  if (e.clamp) ComposeClamp(e.clamp_low, e.clamp_high, &p.low, &p.high);
  return true;
}

}  // namespace

std::optional<x86::DepthwiseConvParams> OwnDepthwiseParams(const dk::ConvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  if (!g.depthwise() || w.dilation_h != 1 || w.dilation_w != 1 || !IsInt8(spec.src_type) ||
      !IsInt8(spec.dst_type) || spec.weights_type != dt::s8 ||
      (spec.bias != nullptr && spec.bias_type != dt::s32)) {
    return std::nullopt;
  }
  x86::DepthwiseConvParams p;
  if (!KernelEpilogue(spec, p)) return std::nullopt;
  const int64_t c = g.out_channels;
  const std::vector<float>& scales = spec.epilogue.output_scales;
  if (scales.size() != 1 && static_cast<int64_t>(scales.size()) != c) return std::nullopt;
  p.batch = g.batch;
  p.channels = c;
  p.in_h = w.in_h;
  p.in_w = w.in_w;
  p.out_h = w.out_h;
  p.out_w = w.out_w;
  p.kernel_h = static_cast<int>(w.kernel_h);
  p.kernel_w = static_cast<int>(w.kernel_w);
  p.stride_h = static_cast<int>(w.stride_h);
  p.stride_w = static_cast<int>(w.stride_w);
  p.pad_top = static_cast<int>(w.pad_top);
  p.pad_left = static_cast<int>(w.pad_left);
  p.src_signed = spec.src_type == dt::s8;
  p.dst_signed = spec.dst_type == dt::s8;
  p.src_zero_point = spec.epilogue.src_zero_point;
  p.dst_zero_point = spec.epilogue.dst_zero_point;
  const auto* weights = static_cast<const int8_t*>(spec.weights);
  p.weights.assign(weights, weights + c * w.kernel_h * w.kernel_w);
  if (spec.bias != nullptr) {
    const auto* bias = static_cast<const int32_t*>(spec.bias);
    p.bias.assign(bias, bias + c);
  }
  p.scales = scales.size() == 1 ? std::vector<float>(c, scales[0]) : scales;
  return p;
}

std::optional<OwnKernel> OwnDepthwiseKernel(const dk::ConvolutionSpec& spec,
                                            const dnnl::memory::desc& src_layout) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  const dnnl::memory::dims src_dims = {g.batch, g.in_channels, w.in_h, w.in_w};
  const dnnl::memory::desc src_nhwc(src_dims, spec.src_type, dnnl::memory::format_tag::nhwc);
  if (src_layout != src_nhwc) return std::nullopt;  // a reorder would cost more than the kernel wins
  std::optional<x86::DepthwiseConvParams> p = OwnDepthwiseParams(spec);
  if (!p) return std::nullopt;
  auto conv = x86::DepthwiseConvInt8::Create(*p, dk::OwnKernelIsa());
  if (!conv.ok()) return std::nullopt;
  OwnKernel own;
  own.kernel = std::make_unique<x86::SourceToDestinationKernel<x86::DepthwiseConvInt8>>("Conv", "mint8_dw",
                                                                                        std::move(*conv));
  own.input_descs = {src_nhwc};
  own.output_desc = dnnl::memory::desc({g.batch, g.out_channels, w.out_h, w.out_w}, spec.dst_type,
                                       dnnl::memory::format_tag::nhwc);
  return own;
}

std::string DepthwiseSignature(const dk::ConvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  return absl::StrCat(
      "depthwise n", g.batch, " c", g.out_channels, " ", w.in_h, "x", w.in_w, " k", w.kernel_h, "x",
      w.kernel_w, " s", w.stride_h, "x", w.stride_w, " p", w.pad_top, ",", w.pad_left, ",", w.pad_bottom, ",",
      w.pad_right, spec.src_type == dt::s8 ? " s8" : " u8", spec.dst_type == dt::s8 ? "->s8" : "->u8", " zp",
      spec.epilogue.src_zero_point != 0, spec.epilogue.post_scale != 1.f ? " real-domain activation" : "");
}

}  // namespace mint8::runtime::ops
