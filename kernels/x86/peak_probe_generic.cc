#include "kernels/x86/peak_probe_kernels.h"

namespace mint8::x86 {

double Fp32MacsGeneric(int64_t iterations) {
  float acc[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  const float a = 1.0000001f, b = 0.9999999f;
  for (int64_t i = 0; i < iterations; ++i) {
    #pragma GCC unroll 8
    for (float& x : acc) x = x * a + b;
    __asm__ volatile("" : "+m"(acc));
  }
  double sink = 0;
  for (float x : acc) sink += x;
  return sink == 42.0 ? 0 : static_cast<double>(iterations) * 8;
}

double Int8MacsGeneric(int64_t iterations) {
  int32_t acc[8] = {0, 1, 2, 3, 4, 5, 6, 7};
  const uint8_t a = 3;
  const int8_t b = -2;
  for (int64_t i = 0; i < iterations; ++i) {
    #pragma GCC unroll 8
    for (int32_t& x : acc) x += a * b;
    __asm__ volatile("" : "+m"(acc));
  }
  int64_t sink = 0;
  for (int32_t x : acc) sink += x;
  return sink == 42 ? 0 : static_cast<double>(iterations) * 8;
}

}  // namespace mint8::x86
