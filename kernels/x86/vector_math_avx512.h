// vector_math.h's functions on 16 floats (AVX-512F): the same operations in
// the same order as the scalar references. Include only from AVX-512 kernel
// targets compiled with -ffp-contract=off.
#ifndef MINT8_KERNELS_X86_VECTOR_MATH_AVX512_H_
#define MINT8_KERNELS_X86_VECTOR_MATH_AVX512_H_

#include <cstddef>

#include "kernels/x86/vector_math.h"
#include "kernels/x86/x86_intrinsics.h"

namespace mint8::x86 {

inline __m512 ExpAvx512(__m512 x) {
  const __m512 t = _mm512_fmadd_ps(x, _mm512_set1_ps(kExpLog2E), _mm512_set1_ps(kExpRound));
  const __m512 n = _mm512_sub_ps(t, _mm512_set1_ps(kExpRound));
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(kExpLn2High), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(kExpLn2Low), r);
  __m512 p = _mm512_set1_ps(kExpPolynomial[0]);
#pragma GCC unroll 8
  for (size_t i = 1; i < sizeof(kExpPolynomial) / sizeof(kExpPolynomial[0]); ++i)
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(kExpPolynomial[i]));
  const __m512i two_to_n = _mm512_slli_epi32(_mm512_castps_si512(t), 23);
  return _mm512_castsi512_ps(_mm512_add_epi32(_mm512_castps_si512(p), two_to_n));
}

// min/max order as std::min(std::max(-v, -limit), limit).
inline __m512 SiluAvx512(__m512 v) {
  const __m512 x =
      _mm512_min_ps(_mm512_max_ps(_mm512_xor_ps(v, _mm512_set1_ps(-0.f)), _mm512_set1_ps(-kSiluExpLimit)),
                    _mm512_set1_ps(kSiluExpLimit));
  return _mm512_div_ps(v, _mm512_add_ps(_mm512_set1_ps(1.f), ExpAvx512(x)));
}

// As GeluReference, operation for operation.
inline __m512 GeluAvx512(__m512 v) {
  const __m512 z = _mm512_mul_ps(_mm512_abs_ps(v), _mm512_set1_ps(kGeluInvSqrt2));
  const __m512 t =
      _mm512_div_ps(_mm512_set1_ps(1.f), _mm512_fmadd_ps(_mm512_set1_ps(kGeluP), z, _mm512_set1_ps(1.f)));
  __m512 poly = _mm512_set1_ps(kGeluPolynomial[0]);
#pragma GCC unroll 8
  for (size_t i = 1; i < sizeof(kGeluPolynomial) / sizeof(kGeluPolynomial[0]); ++i)
    poly = _mm512_fmadd_ps(poly, t, _mm512_set1_ps(kGeluPolynomial[i]));
  poly = _mm512_mul_ps(poly, t);
  const __m512 exponent =
      _mm512_max_ps(_mm512_xor_ps(_mm512_mul_ps(z, z), _mm512_set1_ps(-0.f)), _mm512_set1_ps(-kSiluExpLimit));
  const __m512 q = _mm512_mul_ps(poly, ExpAvx512(exponent));
  const __m512 one_plus_erf = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(v, _mm512_setzero_ps(), _CMP_GE_OQ), q,
                                                   _mm512_sub_ps(_mm512_set1_ps(2.f), q));
  return _mm512_mul_ps(_mm512_mul_ps(_mm512_set1_ps(0.5f), v), one_plus_erf);
}

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_VECTOR_MATH_AVX512_H_
