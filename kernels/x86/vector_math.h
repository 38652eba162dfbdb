// The float functions mint8's x86 kernels evaluate (e^x, SiLU, GELU), defined
// once as scalar code with a fixed sequence of operations, fused
// multiply-adds written out as std::fma. Each ISA's vector form
// (vector_math_avx2.h, vector_math_avx512.h) performs the same operations in
// the same order, so a kernel's vector loop and its scalar reference twin
// produce the same bits. Every target that includes these headers compiles
// with -ffp-contract=off (no fusing beyond the written ones).
#ifndef MINT8_KERNELS_X86_VECTOR_MATH_H_
#define MINT8_KERNELS_X86_VECTOR_MATH_H_

namespace mint8::x86 {

// e^x for x in [-87, 87]: t = x log2 e + 1.5 * 2^23 (fused, so t's low
// mantissa bits hold n = round(x log2 e)), r = x - n ln2 (two fused steps),
// a degree-6 Taylor polynomial p in r (Horner, fused), and 2^n applied by
// adding n to p's exponent bits: relative error about 2e-7, n within
// [-126, 126] so the result stays normal or a tiny denormal.
float ExpReference(float x);
// Its constants: log2(e), the rounding offset 1.5 * 2^23, ln(2) in two parts,
// and the polynomial's coefficients, highest degree first.
inline constexpr float kExpLog2E = 1.44269504f, kExpRound = 12582912.f, kExpLn2High = 0.693359375f,
                       kExpLn2Low = -2.12194440e-4f;
inline constexpr float kExpPolynomial[] = {
    1.38888889e-3f, 8.33333377e-3f, 4.16666679e-2f, 1.66666672e-1f, 0.5f, 1.f, 1.f};
// Where e^-v is clamped for SiLU: beyond it SiLU is v or -0.
inline constexpr float kSiluExpLimit = 87.f;

// SiLU (Swish with beta 1): v / (1 + e^-v), e^-v by ExpReference with -v
// clamped to [-87, 87].
float SiluReference(float v);
// The logistic sigmoid 1 / (1 + e^-v), e^-v as in SiluReference.
float SigmoidReference(float v);

// GELU, 0.5 v (1 + erf(v / sqrt(2))), with erf by Abramowitz and Stegun's
// 7.1.26 (|error| <= 1.5e-7): for z = |v| / sqrt(2), t = 1 / (1 + p z) and
// q = (a1 t + ... + a5 t^5) e^(-z^2) (Horner, fused; e^(-z^2) by
// ExpReference, the exponent clamped at -87), 1 - |erf| = q, so
// 1 + erf = 2 - q for v >= 0 and q below (no cancellation for negative v);
// GELU = (0.5 v) (1 + erf).
float GeluReference(float v);
inline constexpr float kGeluInvSqrt2 = 0.707106781f, kGeluP = 0.3275911f;
inline constexpr float kGeluPolynomial[] = {1.061405429f, -1.453152027f, 1.421413741f, -0.284496736f,
                                            0.254829592f};  // a5 .. a1

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_VECTOR_MATH_H_
