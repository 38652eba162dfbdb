#include "kernels/x86/patch_deconvolution.h"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "kernels/x86/vector_math.h"

namespace mint8::x86 {
namespace {

// Where input channel c of pixel (n, oy, ox) is stored.
int64_t SourceIndex(const PatchDeconvolutionParams& p, int64_t n, int64_t oy, int64_t ox, int64_t c) {
  if (!p.blocked_source) return ((n * p.height + oy) * p.width + ox) * p.in_channels + c;
  return (((n * (p.in_channels / 8) + c / 8) * p.height + oy) * p.width + ox) * 8 + c % 8;
}

float Activation(PatchActivation act, float v) {
  switch (act) {
    case PatchActivation::kNone:
      return v;
    case PatchActivation::kRelu:
      return std::max(v, 0.f);
    case PatchActivation::kSigmoid:
      return SigmoidReference(v);
  }
  return v;
}

// Calls f(n, oy, ox, o, w_offset, at) for each output: its input pixel and
// output channel, where its weights start (input channel c's at w_offset +
// c * out_channels * kernel_h * kernel_w) and where it goes in y.
template <typename F>
void ForEachOutput(const PatchDeconvolutionParams& p, F f) {
  const int64_t out_h = p.height * p.kernel_h, out_w = p.width * p.kernel_w;
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oy = 0; oy < p.height; ++oy)
      for (int64_t ox = 0; ox < p.width; ++ox)
        for (int64_t i = 0; i < p.kernel_h; ++i)
          for (int64_t j = 0; j < p.kernel_w; ++j)
            for (int64_t o = 0; o < p.out_channels; ++o) {
              const int64_t at =
                  ((n * out_h + oy * p.kernel_h + i) * out_w + ox * p.kernel_w + j) * p.out_channels + o;
              f(n, oy, ox, o, (o * p.kernel_h + i) * p.kernel_w + j, at);
            }
}

}  // namespace

void PatchDeconvolutionReference(const PatchDeconvolutionParams& p, const float* weights, const float* bias,
                                 const float* x, float* y) {
  const int64_t weight_stride = p.out_channels * p.kernel_h * p.kernel_w;
  ForEachOutput(p, [&](int64_t n, int64_t oy, int64_t ox, int64_t o, int64_t w_offset, int64_t at) {
    float partial[8] = {};
    for (int64_t c = 0; c < p.in_channels; ++c) {
      partial[c % 8] =
          std::fma(x[SourceIndex(p, n, oy, ox, c)], weights[w_offset + c * weight_stride], partial[c % 8]);
    }
    float v = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
              ((partial[4] + partial[5]) + (partial[6] + partial[7]));
    // The bias is added even when it is zero: as the AVX2 loop does (a -0
    // sum becomes +0).
    y[at] = Activation(p.activation, v + (bias != nullptr ? bias[o] : 0.f));
  });
}

void PatchDeconvolutionInt8Reference(const PatchDeconvolutionParams& p, const int8_t* weights,
                                     const int32_t* bias, const float* scales, const void* x, float* y) {
  const int64_t weight_stride = p.out_channels * p.kernel_h * p.kernel_w;
  const auto* u8 = static_cast<const uint8_t*>(x);
  const auto* s8 = static_cast<const int8_t*>(x);
  ForEachOutput(p, [&](int64_t n, int64_t oy, int64_t ox, int64_t o, int64_t w_offset, int64_t at) {
    int32_t sum = bias != nullptr ? bias[o] : 0;
    for (int64_t c = 0; c < p.in_channels; ++c) {
      const int64_t from = SourceIndex(p, n, oy, ox, c);
      const int32_t v = p.source == PatchSource::kU8 ? u8[from] : s8[from];
      sum += (v - p.zero_point) * weights[w_offset + c * weight_stride];
    }
    y[at] = Activation(p.activation, static_cast<float>(sum) * scales[o]);
  });
}

namespace {

absl::Status Validate(const PatchDeconvolutionParams& p) {
  const bool int8 = p.source != PatchSource::kF32;
  if (p.batch < 1 || p.height < 1 || p.width < 1 || p.in_channels < 1 || p.out_channels < 1 ||
      p.kernel_h < 1 || p.kernel_w < 1 || (p.blocked_source && (int8 || p.in_channels % 8 != 0)) ||
      (int8 && p.in_channels > 513)) {
    return absl::InvalidArgumentError(absl::StrCat("patch deconvolution of ", p.batch, "x", p.height, "x",
                                                   p.width, "x", p.in_channels, int8 ? " INT8" : " f32",
                                                   " to ", p.out_channels, " channels by ", p.kernel_h, "x",
                                                   p.kernel_w, p.blocked_source ? " (blocked)" : ""));
  }
  return absl::OkStatus();
}

Isa Chosen(const PatchDeconvolutionParams& p, Isa isa) {
  return isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2) && p.in_channels % 8 == 0 ? Isa::kAvx2 : Isa::kGeneric;
}

}  // namespace

absl::StatusOr<std::unique_ptr<PatchDeconvolution>> PatchDeconvolution::Create(
    const PatchDeconvolutionParams& p, const float* weights, const float* bias, Isa isa) {
  if (p.source != PatchSource::kF32) return absl::InvalidArgumentError("an INT8 source needs INT8 weights");
  if (absl::Status s = Validate(p); !s.ok()) return s;
  std::unique_ptr<PatchDeconvolution> d(new PatchDeconvolution(p, Chosen(p, isa)));
  const int64_t outputs = PatchOutputs(p);
  d->weights_.assign(weights, weights + p.in_channels * outputs);
  if (bias != nullptr) d->bias_.assign(bias, bias + p.out_channels);
  if (d->isa_ == Isa::kGeneric) return d;
  d->Pack(weights);
  // Output k = (i * kernel_w + j) * out_channels + o.
  d->bias_by_output_.assign(d->packed_.size() / p.in_channels, 0.f);
  for (int64_t k = 0; k < outputs && bias != nullptr; ++k) d->bias_by_output_[k] = bias[k % p.out_channels];
  return d;
}

absl::StatusOr<std::unique_ptr<PatchDeconvolution>> PatchDeconvolution::CreateInt8(
    const PatchDeconvolutionParams& p, const int8_t* weights, const int32_t* bias, const float* scales,
    Isa isa) {
  if (p.source == PatchSource::kF32) return absl::InvalidArgumentError("INT8 weights need an INT8 source");
  if (absl::Status s = Validate(p); !s.ok()) return s;
  std::unique_ptr<PatchDeconvolution> d(new PatchDeconvolution(p, Chosen(p, isa)));
  const int64_t outputs = PatchOutputs(p);
  d->weights_s8_.assign(weights, weights + p.in_channels * outputs);
  if (bias != nullptr) d->bias_s32_.assign(bias, bias + p.out_channels);
  d->scales_.assign(scales, scales + p.out_channels);
  if (d->isa_ == Isa::kGeneric) return d;
  d->Pack(std::vector<float>(weights, weights + p.in_channels * outputs).data());
  const int64_t padded = d->packed_.size() / p.in_channels;
  d->offset_by_output_.assign(padded, 0);
  d->scale_by_output_.assign(padded, 0.f);
  for (int64_t k = 0; k < outputs; ++k) {
    const int64_t o = k % p.out_channels, ij = k / p.out_channels;
    int32_t weight_sum = 0;
    for (int64_t c = 0; c < p.in_channels; ++c)
      weight_sum += weights[(c * p.out_channels + o) * p.kernel_h * p.kernel_w + ij];
    d->offset_by_output_[k] = (bias != nullptr ? bias[o] : 0) - p.zero_point * weight_sum;
    d->scale_by_output_[k] = scales[o];
  }
  return d;
}

void PatchDeconvolution::Pack(const float* weights) {
  const PatchDeconvolutionParams& p = params_;
  const int64_t outputs = PatchOutputs(p), padded = (outputs + 3) / 4 * 4;
  // For each group of 4 outputs, for each block of 8 channels, 4 vectors of
  // 8 channel weights (zeros for the outputs past the last).
  packed_.assign(padded * p.in_channels, 0.f);
  for (int64_t k = 0; k < outputs; ++k) {
    const int64_t o = k % p.out_channels, ij = k / p.out_channels;
    for (int64_t c = 0; c < p.in_channels; ++c) {
      packed_[((k / 4 * (p.in_channels / 8) + c / 8) * 4 + k % 4) * 8 + c % 8] =
          weights[(c * p.out_channels + o) * p.kernel_h * p.kernel_w + ij];
    }
  }
}

void PatchDeconvolution::Run(const void* x, void* y) const {
  const PatchDeconvolutionParams& p = params_;
  auto* dst = static_cast<float*>(y);
  if (isa_ == Isa::kGeneric) {
    if (p.source != PatchSource::kF32) {
      return PatchDeconvolutionInt8Reference(
          p, weights_s8_.data(), bias_s32_.empty() ? nullptr : bias_s32_.data(), scales_.data(), x, dst);
    }
    return PatchDeconvolutionReference(p, weights_.data(), bias_.empty() ? nullptr : bias_.data(),
                                       static_cast<const float*>(x), dst);
  }
#ifdef MINT8_BUILT_AVX2
  PatchEpilogue epilogue;
  epilogue.bias = bias_by_output_.data();
  epilogue.offsets = offset_by_output_.data();
  epilogue.scales = scale_by_output_.data();
  const int64_t rows = p.batch * p.height;
  // Threads pay off only on maps of some size (a fork costs microseconds).
  const bool parallel = rows > 1 && rows * p.width * p.in_channels * PatchOutputs(p) > (int64_t{1} << 18);
#pragma omp parallel for schedule(static) if (parallel)
  for (int64_t r = 0; r < rows; ++r) PatchDeconvolutionRowAvx2(p, packed_.data(), epilogue, x, dst, r);
#endif
}

}  // namespace mint8::x86
