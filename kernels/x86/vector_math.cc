#include "kernels/x86/vector_math.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace mint8::x86 {

float ExpReference(float x) {
  const float t = std::fma(x, kExpLog2E, kExpRound);
  const float n = t - kExpRound;
  float r = std::fma(-n, kExpLn2High, x);
  r = std::fma(-n, kExpLn2Low, r);
  float p = kExpPolynomial[0];
  for (size_t i = 1; i < std::size(kExpPolynomial); ++i) p = std::fma(p, r, kExpPolynomial[i]);
  uint32_t t_bits, p_bits;
  std::memcpy(&t_bits, &t, sizeof(t));
  std::memcpy(&p_bits, &p, sizeof(p));
  p_bits += t_bits << 23;
  std::memcpy(&p, &p_bits, sizeof(p));
  return p;
}

float SiluReference(float v) {
  return v / (1.f + ExpReference(std::min(std::max(-v, -kSiluExpLimit), kSiluExpLimit)));
}

float SigmoidReference(float v) {
  return 1.f / (1.f + ExpReference(std::min(std::max(-v, -kSiluExpLimit), kSiluExpLimit)));
}

float GeluReference(float v) {
  const float z = std::fabs(v) * kGeluInvSqrt2;
  const float t = 1.f / std::fma(kGeluP, z, 1.f);
  float poly = kGeluPolynomial[0];
  for (size_t i = 1; i < std::size(kGeluPolynomial); ++i) poly = std::fma(poly, t, kGeluPolynomial[i]);
  poly *= t;
  const float q = poly * ExpReference(std::max(-(z * z), -kSiluExpLimit));
  const float one_plus_erf = v >= 0.f ? 2.f - q : q;
  return (0.5f * v) * one_plus_erf;
}

}  // namespace mint8::x86
