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
class RequantizedMatVec {
 public:
  RequantizedMatVec(std::unique_ptr<x86::Int8MatVec> matvec, Requantization r)
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

// What the mat-vec needs of a convolution or an inner product: one layer
// y = requantize(W x + b) over a batch of vectors.
struct MatVecLayer {
  int64_t batch = 1, inputs = 0, outputs = 0;
  dt src_type = dt::undef, weights_type = dt::undef, bias_type = dt::undef, dst_type = dt::undef;
  const int8_t* weights = nullptr;
  bool weights_transposed = false;  // given as [inputs, outputs], else [outputs, inputs]
  const int32_t* bias = nullptr;
  const std::vector<ir::PostOp>* post_ops = nullptr;
  const dk::Epilogue* epilogue = nullptr;
  dnnl::memory::desc src_hint;
};

// The fields a ConvolutionSpec and an InnerProductSpec name alike.
template <typename Spec>
MatVecLayer LayerOf(const Spec& spec) {
  MatVecLayer layer;
  layer.src_type = spec.src_type;
  layer.weights_type = spec.weights_type;
  layer.bias_type = spec.bias_type;
  layer.dst_type = spec.dst_type;
  layer.weights = static_cast<const int8_t*>(spec.weights);
  layer.bias = static_cast<const int32_t*>(spec.bias);
  layer.post_ops = &spec.post_ops;
  layer.epilogue = &spec.epilogue;
  layer.src_hint = spec.src_hint;
  return layer;
}

bool Covered(const MatVecLayer& layer) {
  const dk::Epilogue& e = *layer.epilogue;
  const auto is_int8 = [](dt t) { return t == dt::u8 || t == dt::s8; };
  const bool post_ops_covered = std::none_of(
      layer.post_ops->begin(), layer.post_ops->end(),
      [](const ir::PostOp& op) { return op.kind == ir::PostOpKind::kSum || ir::IsFakeQuant(op.kind); });
  return is_int8(layer.src_type) && layer.weights_type == dt::s8 &&
         (is_int8(layer.dst_type) || (layer.dst_type == dt::f32 && e.dst_zero_point == 0)) &&
         (layer.bias == nullptr || layer.bias_type == dt::s32) && post_ops_covered &&
         !e.dst_zero_point_in_post_ops && e.sum_type == dt::undef &&
         (e.output_scales.size() == 1 || static_cast<int64_t>(e.output_scales.size()) == layer.outputs) &&
         layer.batch * layer.outputs <= kMaxValues;
}

// Whether `desc` holds the batch's vectors as dense rows of `inputs` values:
// a 2-D row-major tensor, or a 4-D one with a 1x1 map in a layout whose
// channel blocks (if any) need no padding.
bool DenseRows(const dnnl::memory::desc& desc, const MatVecLayer& layer) {
  const dnnl::memory::dims dims = desc.dims();
  if (dims.size() == 2) return desc == dnnl::memory::desc(dims, layer.src_type, tag::ab);
  if (dims.size() != 4 || dims[2] != 1 || dims[3] != 1) return false;
  for (const tag t : {tag::nchw, tag::nhwc, tag::nChw4c, tag::nChw8c, tag::nChw16c}) {
    const dnnl::memory::desc candidate(dims, layer.src_type, t);
    if (desc == candidate && candidate.get_size() == static_cast<size_t>(layer.batch * layer.inputs))
      return true;
  }
  return false;
}

std::optional<OwnKernel> Kernel(const MatVecLayer& layer, const char* op, const dnnl::memory::desc& dst) {
  if (!Covered(layer) || !DenseRows(layer.src_hint, layer)) return std::nullopt;
  x86::Int8MatVecParams p;
  p.batch = layer.batch;
  p.inputs = layer.inputs;
  p.outputs = layer.outputs;
  p.src_signed = layer.src_type == dt::s8;
  const dk::Epilogue& e = *layer.epilogue;
  p.src_zero_point = e.src_zero_point;
  p.weights.resize(layer.outputs * layer.inputs);
  for (int64_t o = 0; o < layer.outputs; ++o) {
    for (int64_t i = 0; i < layer.inputs; ++i) {
      p.weights[o * layer.inputs + i] = layer.weights_transposed ? layer.weights[i * layer.outputs + o]
                                                                 : layer.weights[o * layer.inputs + i];
    }
  }
  auto matvec = x86::Int8MatVec::Create(p, dk::OwnKernelIsa());
  if (!matvec.ok()) return std::nullopt;

  Requantization r;
  r.bias.assign(layer.outputs, 0);
  if (layer.bias != nullptr) r.bias.assign(layer.bias, layer.bias + layer.outputs);
  r.scales =
      e.output_scales.size() == 1 ? std::vector<float>(layer.outputs, e.output_scales[0]) : e.output_scales;
  r.post_ops = *layer.post_ops;
  r.post_scale = e.post_scale;
  r.clamp = e.clamp;
  r.clamp_low = e.clamp_low;
  r.clamp_high = e.clamp_high;
  r.dst_zero_point = e.dst_zero_point;
  r.dst_type = layer.dst_type;

  OwnKernel own;
  own.kernel = std::make_unique<x86::SourceToDestinationKernel<RequantizedMatVec>>(
      op, "mint8_matvec", std::make_unique<RequantizedMatVec>(std::move(*matvec), std::move(r)));
  own.input_descs = {layer.src_hint};
  own.output_desc = dst;
  return own;
}

}  // namespace

std::optional<OwnKernel> OwnMatVecKernel(const dk::ConvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  if (g.group != 1 || w.kernel_h != 1 || w.kernel_w != 1 || w.in_h != 1 || w.in_w != 1 || w.out_h != 1 ||
      w.out_w != 1) {
    return std::nullopt;
  }
  MatVecLayer layer = LayerOf(spec);
  layer.batch = g.batch;
  layer.inputs = g.in_channels;
  layer.outputs = g.out_channels;
  return Kernel(
      layer, "Conv",
      dnnl::memory::desc(dnnl::memory::dims{g.batch, g.out_channels, 1, 1}, spec.dst_type, tag::nhwc));
}

std::optional<OwnKernel> OwnMatVecKernel(const dk::InnerProductSpec& spec) {
  MatVecLayer layer = LayerOf(spec);
  layer.batch = spec.src_dims[0];
  layer.inputs = 1;
  for (size_t d = 1; d < spec.src_dims.size(); ++d) layer.inputs *= spec.src_dims[d];
  layer.outputs = spec.out_features;
  layer.weights_transposed = !spec.weights_transposed;
  return Kernel(layer, "Gemm",
                dnnl::memory::desc(dnnl::memory::dims{layer.batch, layer.outputs}, spec.dst_type, tag::ab));
}

std::string MatVecSignature(const dk::ConvolutionSpec& spec) {
  return absl::StrCat("matvec ", dk::ConvolutionSignature(spec));
}

std::string MatVecSignature(const dk::InnerProductSpec& spec) {
  return absl::StrCat("matvec ", dk::InnerProductSignature(spec));
}

}  // namespace mint8::runtime::ops
