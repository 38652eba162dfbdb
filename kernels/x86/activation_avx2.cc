// SiluF32's AVX2 loop: two vectors per iteration (the division's latency
// overlaps), then one, then a masked tail.
#include <immintrin.h>

#include "kernels/x86/activation_kernels.h"
#include "kernels/x86/vector_math_avx2.h"

namespace mint8::x86 {

void SiluAvx2Loop(const float* x, float* y, int64_t n) {
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256 a = SiluAvx2(_mm256_loadu_ps(x + i));
    const __m256 b = SiluAvx2(_mm256_loadu_ps(x + i + 8));
    const __m256 c = SiluAvx2(_mm256_loadu_ps(x + i + 16));
    const __m256 d = SiluAvx2(_mm256_loadu_ps(x + i + 24));
    _mm256_storeu_ps(y + i, a);
    _mm256_storeu_ps(y + i + 8, b);
    _mm256_storeu_ps(y + i + 16, c);
    _mm256_storeu_ps(y + i + 24, d);
  }
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, SiluAvx2(_mm256_loadu_ps(x + i)));
  if (i == n) return;
  // Lanes below n - i on: -1 > lane index.
  const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n - i)),
                                          _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  _mm256_maskstore_ps(y + i, mask, SiluAvx2(_mm256_maskload_ps(x + i, mask)));
}

namespace {

struct QuantizeConstants {
  __m256 multiplier, low, high;
  __m256i zero_point;
};

// Eight values to s32 output units with the zero point added.
template <QuantizedActivation kActivation>
[[gnu::always_inline]] inline __m256i ActivationQuantize8(const QuantizeConstants& c, const float* x) {
  const __m256 in = _mm256_loadu_ps(x);
  __m256 v =
      _mm256_mul_ps(kActivation == QuantizedActivation::kGelu ? GeluAvx2(in) : SiluAvx2(in), c.multiplier);
  v = _mm256_min_ps(_mm256_max_ps(v, c.low), c.high);
  return _mm256_add_epi32(_mm256_cvtps_epi32(v), c.zero_point);
}

template <QuantizedActivation kActivation, bool kSigned>
void ActivationQuantizeLoop(const QuantizeConstants& c, const float* x, uint8_t* y, int64_t n) {
  int64_t i = 0;
  // Four independent vectors per step (the SiLU's chain is long); the packs
  // work within 128-bit lanes, the permutation puts the 32 bytes in order.
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  for (; i + 32 <= n; i += 32) {
    const __m256i q0 = ActivationQuantize8<kActivation>(c, x + i),
                  q1 = ActivationQuantize8<kActivation>(c, x + i + 8);
    const __m256i q2 = ActivationQuantize8<kActivation>(c, x + i + 16),
                  q3 = ActivationQuantize8<kActivation>(c, x + i + 24);
    const __m256i w01 = _mm256_packs_epi32(q0, q1), w23 = _mm256_packs_epi32(q2, q3);
    const __m256i bytes = kSigned ? _mm256_packs_epi16(w01, w23) : _mm256_packus_epi16(w01, w23);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + i), _mm256_permutevar8x32_epi32(bytes, order));
  }
  for (; i + 8 <= n; i += 8) {
    const __m256i q = ActivationQuantize8<kActivation>(c, x + i);
    const __m128i words = _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
    const __m128i bytes = kSigned ? _mm_packs_epi16(words, words) : _mm_packus_epi16(words, words);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(y + i), bytes);
  }
}

}  // namespace

void ActivationQuantizeAvx2Loop(const ActivationQuantizeParams& a, const float* x, uint8_t* y, int64_t n) {
  const QuantizeConstants c{_mm256_set1_ps(a.multiplier), _mm256_set1_ps(a.low), _mm256_set1_ps(a.high),
                            _mm256_set1_epi32(a.zero_point)};
  constexpr auto kGelu = QuantizedActivation::kGelu, kSilu = QuantizedActivation::kSilu;
  if (a.activation == kGelu) {
    return a.dst_signed ? ActivationQuantizeLoop<kGelu, true>(c, x, y, n)
                        : ActivationQuantizeLoop<kGelu, false>(c, x, y, n);
  }
  if (a.dst_signed) return ActivationQuantizeLoop<kSilu, true>(c, x, y, n);
  ActivationQuantizeLoop<kSilu, false>(c, x, y, n);
}

}  // namespace mint8::x86
