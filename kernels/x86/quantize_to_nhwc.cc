#include "kernels/x86/quantize_to_nhwc.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "kernels/x86/quantize_to_nhwc_kernels.h"
#include "kernels/x86/thread_ranges.h"

namespace mint8::x86 {
namespace {

uint8_t Quantize(const QuantizeToNhwcParams& p, float x) {
  const int32_t q = static_cast<int32_t>(std::nearbyint(x * p.inv_scale)) + p.zero_point;
  return static_cast<uint8_t>(std::clamp(q, p.qmin, p.qmax));
}

// Value i of an INT8 source, minus its zero point.
float SourceValue(const QuantizeToNhwcParams& p, const void* x, int64_t i) {
  const int32_t q = p.src_signed ? static_cast<const int8_t*>(x)[i] : static_cast<const uint8_t*>(x)[i];
  return static_cast<float>(q - p.src_zero_point);
}

// Pixels [from, to) of image n, one value at a time.
void QuantizePixels(const QuantizeToNhwcParams& p, const float* x, uint8_t* y, int64_t n, int64_t from,
                    int64_t to) {
  const int64_t plane = p.height * p.width;
  for (int64_t i = from; i < to; ++i) {
    for (int64_t c = 0; c < p.channels; ++c) {
      y[(n * plane + i) * p.channels + c] = Quantize(p, x[(n * p.channels + c) * plane + i]);
    }
  }
}

}  // namespace

absl::Status ValidateQuantizeToNhwc(const QuantizeToNhwcParams& p) {
  const int32_t lo = p.dst_signed ? -128 : 0, hi = p.dst_signed ? 127 : 255;
  if (p.batch < 1 || p.channels < 1 || p.height < 1 || p.width < 1) {
    return absl::InvalidArgumentError("quantize to NHWC: empty shape");
  }
  if (p.scaled_by_channel && !p.channels_last_source) {
    return absl::InvalidArgumentError("quantize to NHWC: channel multipliers need a channels-last source");
  }
  if (p.int8_source && !p.scaled_by_channel) {
    return absl::InvalidArgumentError("quantize to NHWC: an INT8 source needs channel multipliers");
  }
  if (p.qmin < lo || p.qmax > hi || p.qmin > p.qmax || !std::isfinite(p.inv_scale) || p.inv_scale <= 0) {
    return absl::InvalidArgumentError(absl::StrCat("quantize to NHWC: range [", p.qmin, ", ", p.qmax,
                                                   "] or inverse scale ", p.inv_scale, " not valid"));
  }
  return absl::OkStatus();
}

void QuantizeToNhwcReference(const QuantizeToNhwcParams& p, const void* x_data, const float* m, void* y) {
  const auto* x = static_cast<const float*>(x_data);
  if (p.channels_last_source) {
    auto* out = static_cast<uint8_t*>(y);
    const int64_t values = p.batch * p.height * p.width * p.channels;
    for (int64_t i = 0; i < values; ++i) {
      const float v = p.int8_source ? SourceValue(p, x_data, i) : x[i];
      out[i] = Quantize(p, p.scaled_by_channel ? v * m[i % p.channels] : v);
    }
    return;
  }
  for (int64_t n = 0; n < p.batch; ++n)
    QuantizePixels(p, x, static_cast<uint8_t*>(y), n, 0, p.height * p.width);
}

absl::StatusOr<std::unique_ptr<QuantizeToNhwc>> QuantizeToNhwc::Create(const QuantizeToNhwcParams& p,
                                                                       Isa isa) {
  if (absl::Status s = ValidateQuantizeToNhwc(p); !s.ok()) return s;
  // AVX-512 only where it has a loop: the channel-scaled sources.
  if (p.scaled_by_channel && isa >= Isa::kAvx512 && IsaAvailable(Isa::kAvx512)) {
    return std::unique_ptr<QuantizeToNhwc>(new QuantizeToNhwc(p, Isa::kAvx512));
  }
  const bool avx2 =
      isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2) && (p.channels_last_source || p.channels == 3);
  return std::unique_ptr<QuantizeToNhwc>(new QuantizeToNhwc(p, avx2 ? Isa::kAvx2 : Isa::kGeneric));
}

void QuantizeToNhwc::Run(const void* x_data, const float* multipliers, void* y_data) const {
  const auto* x = static_cast<const float*>(x_data);
  auto* y = static_cast<uint8_t*>(y_data);
  const QuantizeToNhwcParams& p = params_;
  if (isa_ == Isa::kGeneric) return QuantizeToNhwcReference(p, x_data, multipliers, y);
  const int64_t plane = p.height * p.width;
#ifdef MINT8_BUILT_AVX2
  if (p.scaled_by_channel) {
    const int64_t pixels = p.batch * plane;
    const bool avx512 = isa_ == Isa::kAvx512;  // covers every channel
    const int64_t tail = avx512 ? p.channels : p.channels / 8 * 8;
    const int element_bytes = p.int8_source ? 1 : 4;
    const auto run = [&](int64_t begin, int64_t end) {
      const uint8_t* source = static_cast<const uint8_t*>(x_data) + begin * p.channels * element_bytes;
      if (avx512) {
#ifdef MINT8_BUILT_AVX512
        QuantizeScaledPixelsAvx512(p, multipliers, source, end - begin, y + begin * p.channels);
#endif
      } else {
        QuantizeScaledPixelsAvx2(p, multipliers, source, end - begin, y + begin * p.channels);
      }
      for (int64_t i = begin; i < end; ++i) {
        for (int64_t c = tail; c < p.channels; ++c) {
          const int64_t at = i * p.channels + c;
          y[at] = Quantize(p, (p.int8_source ? SourceValue(p, x_data, at) : x[at]) * multipliers[c]);
        }
      }
    };
    return ForThreadRanges(pixels, run);
  }
  if (p.channels_last_source) {
    const int64_t values = p.batch * plane * p.channels, vector_values = values / 32 * 32;
    const auto run = [&](int64_t begin, int64_t end) {  // multiples of 32
      QuantizeValuesAvx2(x + begin, end - begin, p.inv_scale, p.zero_point, p.qmin, p.qmax, p.dst_signed,
                         y + begin);
    };
    ForThreadRanges(vector_values / 32, [&](int64_t begin, int64_t end) { run(begin * 32, end * 32); });
    for (int64_t i = vector_values; i < values; ++i) y[i] = Quantize(p, x[i]);
    return;
  }
#endif
  for (int64_t n = 0; n < p.batch; ++n) {
#ifdef MINT8_BUILT_AVX2
    // Whole groups of 8 pixels, ending at least 2 pixels (4 of the vector
    // loop's spare bytes) before the image does.
    const int64_t vector_pixels = plane >= 2 ? (plane - 2) / 8 * 8 : 0;
    QuantizeThreePlanesAvx2(x + n * 3 * plane, plane, vector_pixels, p.inv_scale, p.zero_point, p.qmin,
                            p.qmax, p.dst_signed, y + n * 3 * plane);
    QuantizePixels(p, x, y, n, vector_pixels, plane);
#else
    QuantizePixels(p, x, y, n, 0, plane);
#endif
  }
}

}  // namespace mint8::x86
