// ActivationQuantize's AVX-512 loop: four vectors of 16 values per step (the
// activations' dependency chains are long), each saturated to a byte.
#include "kernels/x86/x86_intrinsics.h"

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), which its own
// -Wuninitialized reports wherever they inline (GCC bug 105593, fixed in
// GCC 13): silenced for this file only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "kernels/x86/activation_kernels.h"
#include "kernels/x86/vector_math_avx512.h"

namespace mint8::x86 {
namespace {

struct QuantizeConstants {
  __m512 multiplier, low, high;
  __m512i zero_point;
};

// Sixteen values to bytes: the activation, the multiplier, the clamp, round
// half to even (the default rounding), the zero point, saturation.
template <QuantizedActivation kActivation, bool kSigned>
[[gnu::always_inline]] inline __m128i Quantize16(const QuantizeConstants& c, const float* x) {
  const __m512 in = _mm512_loadu_ps(x);
  __m512 v = _mm512_mul_ps(kActivation == QuantizedActivation::kGelu ? GeluAvx512(in) : SiluAvx512(in),
                           c.multiplier);
  v = _mm512_min_ps(_mm512_max_ps(v, c.low), c.high);
  const __m512i q = _mm512_add_epi32(_mm512_cvtps_epi32(v), c.zero_point);
  return kSigned ? _mm512_cvtsepi32_epi8(q)
                 : _mm512_cvtusepi32_epi8(_mm512_max_epi32(q, _mm512_setzero_si512()));
}

template <QuantizedActivation kActivation, bool kSigned>
void Loop(const QuantizeConstants& c, const float* x, uint8_t* y, int64_t n) {
  int64_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m128i q0 = Quantize16<kActivation, kSigned>(c, x + i);
    const __m128i q1 = Quantize16<kActivation, kSigned>(c, x + i + 16);
    const __m128i q2 = Quantize16<kActivation, kSigned>(c, x + i + 32);
    const __m128i q3 = Quantize16<kActivation, kSigned>(c, x + i + 48);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i), q0);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i + 16), q1);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i + 32), q2);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i + 48), q3);
  }
  for (; i + 16 <= n; i += 16)
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + i), Quantize16<kActivation, kSigned>(c, x + i));
}

}  // namespace

void ActivationQuantizeAvx512Loop(const ActivationQuantizeParams& a, const float* x, uint8_t* y, int64_t n) {
  const QuantizeConstants c{_mm512_set1_ps(a.multiplier), _mm512_set1_ps(a.low), _mm512_set1_ps(a.high),
                            _mm512_set1_epi32(a.zero_point)};
  constexpr auto kGelu = QuantizedActivation::kGelu, kSilu = QuantizedActivation::kSilu;
  if (a.activation == kGelu)
    return a.dst_signed ? Loop<kGelu, true>(c, x, y, n) : Loop<kGelu, false>(c, x, y, n);
  if (a.dst_signed) return Loop<kSilu, true>(c, x, y, n);
  Loop<kSilu, false>(c, x, y, n);
}

}  // namespace mint8::x86
