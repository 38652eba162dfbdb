#include <immintrin.h>

#include "kernels/x86/peak_probe_kernels.h"

namespace mint8::x86 {

double Fp32MacsAvx2(int64_t iterations) {
  constexpr int kAcc = 12;  // enough independent chains to hide FMA latency
  __m256 acc[kAcc];
  #pragma GCC unroll 16
  for (int j = 0; j < kAcc; ++j) acc[j] = _mm256_set1_ps(static_cast<float>(j));
  const __m256 a = _mm256_set1_ps(1.0000001f), b = _mm256_set1_ps(0.9999999f);
  for (int64_t i = 0; i < iterations; ++i) {
    #pragma GCC unroll 16
    for (int j = 0; j < kAcc; ++j) acc[j] = _mm256_fmadd_ps(acc[j], a, b);
  }
  __m256 sum = acc[0];
  for (int j = 1; j < kAcc; ++j) sum = _mm256_add_ps(sum, acc[j]);
  volatile float sink = _mm256_cvtss_f32(sum);
  (void)sink;
  return static_cast<double>(iterations) * kAcc * 8;
}

double Int8MacsAvx2(int64_t iterations) {
  // As a convolution's inner loop: 2 activation vectors times 4 weight
  // vectors into 8 accumulators, every product distinct.
  __m256i acc[8];
  for (int j = 0; j < 8; ++j) acc[j] = _mm256_set1_epi32(j);
  __m256i a0 = _mm256_set1_epi8(3), a1 = _mm256_set1_epi8(5);
  const __m256i w[4] = {_mm256_set1_epi8(-2), _mm256_set1_epi8(7), _mm256_set1_epi8(-9),
                        _mm256_set1_epi8(11)};
  const __m256i ones = _mm256_set1_epi16(1);
  for (int64_t i = 0; i < iterations; ++i) {
    // New activations every trip, as far as the compiler knows.
    __asm__ volatile("" : "+x"(a0), "+x"(a1));
#pragma GCC unroll 4
    for (int k = 0; k < 4; ++k) {
      acc[k] = _mm256_add_epi32(acc[k], _mm256_madd_epi16(_mm256_maddubs_epi16(a0, w[k]), ones));
      acc[4 + k] = _mm256_add_epi32(acc[4 + k], _mm256_madd_epi16(_mm256_maddubs_epi16(a1, w[k]), ones));
    }
  }
  __m256i sum = acc[0];
  for (int j = 1; j < 8; ++j) sum = _mm256_add_epi32(sum, acc[j]);
  volatile int sink = _mm256_extract_epi32(sum, 0);
  (void)sink;
  return static_cast<double>(iterations) * 8 * 32;
}

}  // namespace mint8::x86
