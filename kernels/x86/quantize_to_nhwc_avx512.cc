// QuantizeToNhwc's AVX-512 loop for channel-scaled channels-last sources
// (squeeze-excite's gate on an INT8 or f32 layer output): 16 values per
// vector, 64 per step, and a masked last vector per pixel, so every channel
// is covered without a scalar tail.
#include "kernels/x86/x86_intrinsics.h"

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), which its own
// -Wuninitialized reports wherever they inline (GCC bug 105593, fixed in
// GCC 13): silenced for this file only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "kernels/x86/quantize_to_nhwc_kernels.h"

namespace mint8::x86 {
namespace {

constexpr int kF32 = 0, kU8 = 1, kS8 = 2;

// Values [i, i + 16) under `mask` as floats: f32 as they are, INT8 widened
// and re-centred on the zero point.
template <int kSource>
__m512 LoadSource(const uint8_t* x, int64_t i, __mmask16 mask, __m512i src_zero_point) {
  if constexpr (kSource == kF32) {
    return _mm512_maskz_loadu_ps(mask, reinterpret_cast<const float*>(x) + i);
  } else {
    const __m128i bytes = _mm_maskz_loadu_epi8(mask, x + i);
    const __m512i q = kSource == kS8 ? _mm512_cvtepi8_epi32(bytes) : _mm512_cvtepu8_epi32(bytes);
    return _mm512_cvtepi32_ps(_mm512_sub_epi32(q, src_zero_point));
  }
}

template <int kSource>
void ScaledPixels(const QuantizeToNhwcParams& a, const float* multipliers, const uint8_t* x, int64_t pixels,
                  uint8_t* y) {
  const __m512 inv = _mm512_set1_ps(a.inv_scale);
  const __m512i zp = _mm512_set1_epi32(a.zero_point), lo = _mm512_set1_epi32(a.qmin),
                hi = _mm512_set1_epi32(a.qmax), src_zp = _mm512_set1_epi32(a.src_zero_point);
  const int64_t channels = a.channels;
  // (x * m) * inv_scale, as the reference rounds: the product first.
  // Clamped to [qmin, qmax] in 32 bits, so the narrowing truncation is exact.
  const auto quantize = [&](int64_t i, int64_t c, __mmask16 mask) {
    const __m512 v =
        _mm512_mul_ps(LoadSource<kSource>(x, i, mask, src_zp), _mm512_maskz_loadu_ps(mask, multipliers + c));
    const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(_mm512_mul_ps(v, inv)), zp);
    return _mm512_cvtepi32_epi8(_mm512_min_epi32(_mm512_max_epi32(q, lo), hi));
  };
  const __mmask16 all = 0xffff;
  const __mmask16 last = static_cast<__mmask16>((1u << (channels % 16)) - 1);
  for (int64_t p = 0; p < pixels; ++p) {
    const int64_t base = p * channels;
    int64_t c = 0;
    for (; c + 64 <= channels; c += 64) {
      const __m128i q0 = quantize(base + c, c, all), q1 = quantize(base + c + 16, c + 16, all),
                    q2 = quantize(base + c + 32, c + 32, all), q3 = quantize(base + c + 48, c + 48, all);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(y + base + c), q0);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(y + base + c + 16), q1);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(y + base + c + 32), q2);
      _mm_storeu_si128(reinterpret_cast<__m128i*>(y + base + c + 48), q3);
    }
    for (; c + 16 <= channels; c += 16) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(y + base + c), quantize(base + c, c, all));
    }
    if (c < channels) _mm_mask_storeu_epi8(y + base + c, last, quantize(base + c, c, last));
  }
}

}  // namespace

void QuantizeScaledPixelsAvx512(const QuantizeToNhwcParams& p, const float* multipliers, const uint8_t* x,
                                int64_t pixels, uint8_t* y) {
  if (!p.int8_source) return ScaledPixels<kF32>(p, multipliers, x, pixels, y);
  if (p.src_signed) return ScaledPixels<kS8>(p, multipliers, x, pixels, y);
  ScaledPixels<kU8>(p, multipliers, x, pixels, y);
}

}  // namespace mint8::x86
