#include "kernels/x86/x86_intrinsics.h"

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), which its own
// -Wuninitialized reports wherever they inline (GCC bug 105593, fixed in
// GCC 13): silenced for this file only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "kernels/x86/int8_matvec_kernels.h"

namespace mint8::x86 {

// Four rows at a time share each load of x; one vpdpbusd adds 64 u8 x s8
// products into 16 exact 32-bit sums.
void Int8MatVecAvx512VnniLoop(const uint8_t* x, const int8_t* w, const int32_t* offset, int64_t padded,
                              int64_t outputs, int32_t* acc) {
  int64_t o = 0;
  for (; o + 4 <= outputs; o += 4) {
    const int8_t* w0 = w + o * padded;
    __m512i a0 = _mm512_setzero_si512(), a1 = a0, a2 = a0, a3 = a0;
    for (int64_t i = 0; i < padded; i += 64) {
      const __m512i v = _mm512_loadu_si512(x + i);
      a0 = _mm512_dpbusd_epi32(a0, v, _mm512_loadu_si512(w0 + i));
      a1 = _mm512_dpbusd_epi32(a1, v, _mm512_loadu_si512(w0 + padded + i));
      a2 = _mm512_dpbusd_epi32(a2, v, _mm512_loadu_si512(w0 + 2 * padded + i));
      a3 = _mm512_dpbusd_epi32(a3, v, _mm512_loadu_si512(w0 + 3 * padded + i));
    }
    acc[o] = offset[o] + _mm512_reduce_add_epi32(a0);
    acc[o + 1] = offset[o + 1] + _mm512_reduce_add_epi32(a1);
    acc[o + 2] = offset[o + 2] + _mm512_reduce_add_epi32(a2);
    acc[o + 3] = offset[o + 3] + _mm512_reduce_add_epi32(a3);
  }
  for (; o < outputs; ++o) {
    const int8_t* row = w + o * padded;
    __m512i a = _mm512_setzero_si512();
    for (int64_t i = 0; i < padded; i += 64)
      a = _mm512_dpbusd_epi32(a, _mm512_loadu_si512(x + i), _mm512_loadu_si512(row + i));
    acc[o] = offset[o] + _mm512_reduce_add_epi32(a);
  }
}

}  // namespace mint8::x86
