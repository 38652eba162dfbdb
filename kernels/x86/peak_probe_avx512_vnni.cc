#include <immintrin.h>

#include "kernels/x86/peak_probe_kernels.h"

namespace mint8::x86 {

double Int8MacsAvx512Vnni(int64_t iterations) {
  // 2 activation vectors times 8 weight vectors into 16 accumulators.
  __m512i acc[16];
  for (int j = 0; j < 16; ++j) acc[j] = _mm512_set1_epi32(j);
  __m512i a0 = _mm512_set1_epi8(3), a1 = _mm512_set1_epi8(5);
  __m512i w[8];
  for (int k = 0; k < 8; ++k) w[k] = _mm512_set1_epi8(static_cast<char>(2 * k - 7));
  for (int64_t i = 0; i < iterations; ++i) {
    __asm__ volatile("" : "+v"(a0), "+v"(a1));
#pragma GCC unroll 8
    for (int k = 0; k < 8; ++k) {
      acc[k] = _mm512_dpbusd_epi32(acc[k], a0, w[k]);
      acc[8 + k] = _mm512_dpbusd_epi32(acc[8 + k], a1, w[k]);
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
