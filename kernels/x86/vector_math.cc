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

}  // namespace mint8::x86
