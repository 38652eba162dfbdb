#include "runtime/ops/own_matvec.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "absl/strings/str_cat.h"
#include "kernels/onednn/engine.h"
#include "kernels/x86/int8_matvec.h"
#include "kernels/x86/source_to_destination_kernel.h"

namespace mint8::runtime::ops {
namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;
namespace dk = kernels::onednn;

// The most outputs (batch x channels) one run keeps on the stack: 32 KiB of
// accumulators and values, whichever thread calls Run.
constexpr int64_t kMaxValues = 4096;

// The epilogue in the order oneDNN applies it (primitive_kernel.h's
// ApplyEpilogue): scale, post-ops in the units Int8Epilogue rewrote them
// into, the final multiplier, the clamp, the zero point, round half to even
// and saturate (or f32).
struct Requantization {
  std::vector<int32_t> bias;  // per output channel (zeros without one)
  std::vector<float> scales;  // per output channel
  std::vector<ir::PostOp> post_ops;
  float post_scale = 1.f;
  bool clamp = false;
  float clamp_low = 0.f, clamp_high = 0.f;
  int32_t dst_zero_point = 0;
  dt dst_type = dt::u8;
};

// The mat-vec and the requantization, as one SourceToDestinationKernel.
class MatVecConv {
 public:
  MatVecConv(std::unique_ptr<x86::Int8MatVec> matvec, Requantization r)
      : matvec_(std::move(matvec)), requantization_(std::move(r)) {}

  Isa isa() const { return matvec_->isa(); }

  void Run(const void* src, void* dst) const {
    const x86::Int8MatVecParams& p = matvec_->params();
    int32_t acc[kMaxValues];
    float v[kMaxValues];
    matvec_->Run(src, acc);
    for (int64_t n = 0; n < p.batch; ++n) {
      const int64_t first = n * p.outputs;
      Requantize(acc + first, p.outputs, v + first);
      Store(v + first, p.outputs, static_cast<uint8_t*>(dst) + first * ElementBytes());
    }
  }

 private:
  // Each step runs over all values before the next, so every loop has one
  // activation kind (see Activate) and vectorizes.
  void Requantize(const int32_t* acc, int64_t n, float* v) const {
    const Requantization& r = requantization_;
    // In 64 bits: a saturated bias plus the sums may leave the s32 range.
    for (int64_t o = 0; o < n; ++o) v[o] = static_cast<float>(int64_t{acc[o]} + r.bias[o]) * r.scales[o];
    for (const ir::PostOp& op : r.post_ops) Activate(op, v, n);
    if (r.post_scale != 1.f) {
      for (int64_t o = 0; o < n; ++o) v[o] *= r.post_scale;
    }
    if (r.clamp) {
      for (int64_t o = 0; o < n; ++o) v[o] = std::min(std::max(v[o], r.clamp_low), r.clamp_high);
    }
  }

  template <ir::PostOpKind kKind>
  static void ActivateAll(const ir::PostOp& op, float* v, int64_t n) {
    const ir::PostOp fixed{kKind, op.alpha, op.beta};
    for (int64_t o = 0; o < n; ++o) v[o] = ir::ApplyActivation(fixed, v[o]);
  }

  // ir::ApplyActivation over v, with the kind a constant of the loop.
  static void Activate(const ir::PostOp& op, float* v, int64_t n) {
    using K = ir::PostOpKind;
    switch (op.kind) {
      case K::kRelu:
        return ActivateAll<K::kRelu>(op, v, n);
      case K::kClip:
        return ActivateAll<K::kClip>(op, v, n);
      case K::kHardSigmoid:
        return ActivateAll<K::kHardSigmoid>(op, v, n);
      case K::kHardSwish:
        return ActivateAll<K::kHardSwish>(op, v, n);
      case K::kLinear:
        return ActivateAll<K::kLinear>(op, v, n);
      default:
        for (int64_t o = 0; o < n; ++o) v[o] = ir::ApplyActivation(op, v[o]);
    }
  }

  int64_t ElementBytes() const { return requantization_.dst_type == dt::f32 ? 4 : 1; }

  void Store(const float* v, int64_t n, uint8_t* dst) const {
    const Requantization& r = requantization_;
    if (r.dst_type == dt::f32) {
      std::copy(v, v + n, reinterpret_cast<float*>(dst));
      return;
    }
    const float zero_point = static_cast<float>(r.dst_zero_point);
    const float lo = r.dst_type == dt::s8 ? -128.f : 0.f, hi = r.dst_type == dt::s8 ? 127.f : 255.f;
    for (int64_t o = 0; o < n; ++o) {
      const float q = std::min(std::max(std::nearbyint(v[o]) + zero_point, lo), hi);
      if (r.dst_type == dt::s8) {
        reinterpret_cast<int8_t*>(dst)[o] = static_cast<int8_t>(q);
      } else {
        dst[o] = static_cast<uint8_t>(q);
      }
    }
  }

  std::unique_ptr<x86::Int8MatVec> matvec_;
  Requantization requantization_;
};

bool Covered(const dk::ConvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  const dk::Epilogue& e = spec.epilogue;
  const auto is_int8 = [](dt t) { return t == dt::u8 || t == dt::s8; };
  const bool post_ops_covered = std::none_of(
      spec.post_ops.begin(), spec.post_ops.end(),
      [](const ir::PostOp& op) { return op.kind == ir::PostOpKind::kSum || ir::IsFakeQuant(op.kind); });
  return g.group == 1 && w.kernel_h == 1 && w.kernel_w == 1 && w.in_h == 1 && w.in_w == 1 && w.out_h == 1 &&
         w.out_w == 1 && is_int8(spec.src_type) && spec.weights_type == dt::s8 &&
         (is_int8(spec.dst_type) || (spec.dst_type == dt::f32 && e.dst_zero_point == 0)) &&
         (spec.bias == nullptr || spec.bias_type == dt::s32) && post_ops_covered &&
         !e.dst_zero_point_in_post_ops && e.sum_type == dt::undef &&
         (e.output_scales.size() == 1 || static_cast<int64_t>(e.output_scales.size()) == g.out_channels) &&
         g.batch * g.out_channels <= kMaxValues;
}

}  // namespace

std::optional<OwnKernel> OwnMatVecKernel(const dk::ConvolutionSpec& spec) {
  if (!Covered(spec)) return std::nullopt;
  const ir::ConvGeometry& g = spec.geometry;
  // With a 1x1 map every dense layout (nchw, nhwc) is the same bytes; a
  // blocked one pads the channels and would need a reorder: not worth it.
  const dnnl::memory::desc dense(dnnl::memory::dims{g.batch, g.in_channels, 1, 1}, spec.src_type, tag::nhwc);
  const dnnl::memory::desc nchw(dnnl::memory::dims{g.batch, g.in_channels, 1, 1}, spec.src_type, tag::nchw);
  if (spec.src_hint != dense && spec.src_hint != nchw) return std::nullopt;

  x86::Int8MatVecParams p;
  p.batch = g.batch;
  p.inputs = g.in_channels;
  p.outputs = g.out_channels;
  p.src_signed = spec.src_type == dt::s8;
  p.src_zero_point = spec.epilogue.src_zero_point;
  const auto* weights = static_cast<const int8_t*>(spec.weights);
  p.weights.assign(weights, weights + g.out_channels * g.in_channels);
  auto matvec = x86::Int8MatVec::Create(p, dk::OwnKernelIsa());
  if (!matvec.ok()) return std::nullopt;

  const dk::Epilogue& e = spec.epilogue;
  Requantization r;
  r.bias.assign(g.out_channels, 0);
  if (spec.bias != nullptr) {
    const auto* bias = static_cast<const int32_t*>(spec.bias);
    r.bias.assign(bias, bias + g.out_channels);
  }
  r.scales =
      e.output_scales.size() == 1 ? std::vector<float>(g.out_channels, e.output_scales[0]) : e.output_scales;
  r.post_ops = spec.post_ops;
  r.post_scale = e.post_scale;
  r.clamp = e.clamp;
  r.clamp_low = e.clamp_low;
  r.clamp_high = e.clamp_high;
  r.dst_zero_point = e.dst_zero_point;
  r.dst_type = spec.dst_type;

  OwnKernel own;
  own.kernel = std::make_unique<x86::SourceToDestinationKernel<MatVecConv>>(
      "Conv", "mint8_matvec", std::make_unique<MatVecConv>(std::move(*matvec), std::move(r)));
  own.input_descs = {spec.src_hint};
  own.output_desc =
      dnnl::memory::desc(dnnl::memory::dims{g.batch, g.out_channels, 1, 1}, spec.dst_type, tag::nhwc);
  return own;
}

std::string MatVecSignature(const dk::ConvolutionSpec& spec) {
  return absl::StrCat("matvec ", dk::ConvolutionSignature(spec));
}

}  // namespace mint8::runtime::ops
