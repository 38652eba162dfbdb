#include "kernels/x86/peak_probe_kernels.h"
#include "kernels/x86/x86_intrinsics.h"

namespace mint8::x86 {

double Fp32MacsAvx512(int64_t iterations) {
  constexpr int kAcc = 16;
  __m512 acc[kAcc];
  #pragma GCC unroll 16
  for (int j = 0; j < kAcc; ++j) acc[j] = _mm512_set1_ps(static_cast<float>(j));
  const __m512 a = _mm512_set1_ps(1.0000001f), b = _mm512_set1_ps(0.9999999f);
  for (int64_t i = 0; i < iterations; ++i) {
    #pragma GCC unroll 16
    for (int j = 0; j < kAcc; ++j) acc[j] = _mm512_fmadd_ps(acc[j], a, b);
  }
  __m512 sum = acc[0];
  for (int j = 1; j < kAcc; ++j) sum = _mm512_add_ps(sum, acc[j]);
  alignas(64) float lanes[16];
  _mm512_store_ps(lanes, sum);
  volatile float sink = lanes[0];
  (void)sink;
  return static_cast<double>(iterations) * kAcc * 16;
}

double Int8MacsAvx512(int64_t iterations) {
  // 2 activation vectors times 8 weight vectors into 16 accumulators.
  __m512i acc[16];
  for (int j = 0; j < 16; ++j) acc[j] = _mm512_set1_epi32(j);
  __m512i a0 = _mm512_set1_epi8(3), a1 = _mm512_set1_epi8(5);
  __m512i w[8];
  for (int k = 0; k < 8; ++k) w[k] = _mm512_set1_epi8(static_cast<char>(2 * k - 7));
  const __m512i ones = _mm512_set1_epi16(1);
  for (int64_t i = 0; i < iterations; ++i) {
    __asm__ volatile("" : "+v"(a0), "+v"(a1));
#pragma GCC unroll 8
    for (int k = 0; k < 8; ++k) {
      acc[k] = _mm512_add_epi32(acc[k], _mm512_madd_epi16(_mm512_maddubs_epi16(a0, w[k]), ones));
      acc[8 + k] = _mm512_add_epi32(acc[8 + k], _mm512_madd_epi16(_mm512_maddubs_epi16(a1, w[k]), ones));
    }
  }
  __m512i sum = acc[0];
  for (int j = 1; j < 16; ++j) sum = _mm512_add_epi32(sum, acc[j]);
  alignas(64) int32_t lanes[16];
  _mm512_store_si512(lanes, sum);
  volatile int sink = lanes[0];
  (void)sink;
  return static_cast<double>(iterations) * 16 * 64;
}

}  // namespace mint8::x86
