#include "kernels/x86/vector_math.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <iterator>

namespace mint8::x86 {

float ExpReference(float x) {
  const float n = std::nearbyint(x * kExpLog2E);
  float r = std::fma(-n, kExpLn2High, x);
  r = std::fma(-n, kExpLn2Low, r);
  float p = kExpPolynomial[0];
  for (size_t i = 1; i < std::size(kExpPolynomial); ++i) p = std::fma(p, r, kExpPolynomial[i]);
  const uint32_t bits = static_cast<uint32_t>(static_cast<int32_t>(n) + 127) << 23;
  float two_to_n;
  std::memcpy(&two_to_n, &bits, sizeof(bits));
  return p * two_to_n;
}

float SiluReference(float v) {
  return v / (1.f + ExpReference(std::min(std::max(-v, -kSiluExpLimit), kSiluExpLimit)));
}

}  // namespace mint8::x86
