// The float functions mint8's x86 kernels evaluate (e^x and SiLU), defined
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

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_VECTOR_MATH_H_
