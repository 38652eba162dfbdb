// vector_math.h's functions on 8 floats (AVX2): the same operations in the
// same order as the scalar references. Include only from AVX2 kernel
// targets compiled with -ffp-contract=off.
#ifndef MINT8_KERNELS_X86_VECTOR_MATH_AVX2_H_
#define MINT8_KERNELS_X86_VECTOR_MATH_AVX2_H_

#include <immintrin.h>

#include <cstddef>

#include "kernels/x86/vector_math.h"

namespace mint8::x86 {

inline __m256 ExpAvx2(__m256 x) {
  const __m256 t = _mm256_fmadd_ps(x, _mm256_set1_ps(kExpLog2E), _mm256_set1_ps(kExpRound));
  const __m256 n = _mm256_sub_ps(t, _mm256_set1_ps(kExpRound));
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kExpLn2High), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(kExpLn2Low), r);
  __m256 p = _mm256_set1_ps(kExpPolynomial[0]);
#pragma GCC unroll 8
  for (size_t i = 1; i < sizeof(kExpPolynomial) / sizeof(kExpPolynomial[0]); ++i)
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(kExpPolynomial[i]));
  const __m256i two_to_n = _mm256_slli_epi32(_mm256_castps_si256(t), 23);
  return _mm256_castsi256_ps(_mm256_add_epi32(_mm256_castps_si256(p), two_to_n));
}

// -v clamped to [-limit, limit], in the order of std::min(std::max(-v,
// -limit), limit).
inline __m256 ClampedNegationAvx2(__m256 v) {
  return _mm256_min_ps(_mm256_max_ps(_mm256_xor_ps(v, _mm256_set1_ps(-0.f)), _mm256_set1_ps(-kSiluExpLimit)),
                       _mm256_set1_ps(kSiluExpLimit));
}

inline __m256 SiluAvx2(__m256 v) {
  return _mm256_div_ps(v, _mm256_add_ps(_mm256_set1_ps(1.f), ExpAvx2(ClampedNegationAvx2(v))));
}

inline __m256 SigmoidAvx2(__m256 v) {
  return _mm256_div_ps(_mm256_set1_ps(1.f),
                       _mm256_add_ps(_mm256_set1_ps(1.f), ExpAvx2(ClampedNegationAvx2(v))));
}

// As GeluReference, operation for operation.
inline __m256 GeluAvx2(__m256 v) {
  const __m256 z = _mm256_mul_ps(_mm256_andnot_ps(_mm256_set1_ps(-0.f), v), _mm256_set1_ps(kGeluInvSqrt2));
  const __m256 t =
      _mm256_div_ps(_mm256_set1_ps(1.f), _mm256_fmadd_ps(_mm256_set1_ps(kGeluP), z, _mm256_set1_ps(1.f)));
  __m256 poly = _mm256_set1_ps(kGeluPolynomial[0]);
#pragma GCC unroll 8
  for (size_t i = 1; i < sizeof(kGeluPolynomial) / sizeof(kGeluPolynomial[0]); ++i)
    poly = _mm256_fmadd_ps(poly, t, _mm256_set1_ps(kGeluPolynomial[i]));
  poly = _mm256_mul_ps(poly, t);
  const __m256 exponent =
      _mm256_max_ps(_mm256_xor_ps(_mm256_mul_ps(z, z), _mm256_set1_ps(-0.f)), _mm256_set1_ps(-kSiluExpLimit));
  const __m256 q = _mm256_mul_ps(poly, ExpAvx2(exponent));
  const __m256 one_plus_erf = _mm256_blendv_ps(q, _mm256_sub_ps(_mm256_set1_ps(2.f), q),
                                               _mm256_cmp_ps(v, _mm256_setzero_ps(), _CMP_GE_OQ));
  return _mm256_mul_ps(_mm256_mul_ps(_mm256_set1_ps(0.5f), v), one_plus_erf);
}

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_VECTOR_MATH_AVX2_H_
