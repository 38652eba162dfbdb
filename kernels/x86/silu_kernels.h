// The per-ISA loop of SiluF32 (silu.h).
#ifndef MINT8_KERNELS_X86_SILU_KERNELS_H_
#define MINT8_KERNELS_X86_SILU_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

// y[i] = SiluReference(x[i]) for i < n (any n; y may be x).
void SiluAvx2Loop(const float* x, float* y, int64_t n);

// y[i] = SiluQuantizeReference(.., x[i]) for i < n - n % 8 (whole vectors;
// the caller does the rest).
struct SiluQuantizeArgs {
  float multiplier, low, high;
  int32_t zero_point;
  bool dst_signed;
};
void SiluQuantizeAvx2Loop(const SiluQuantizeArgs& a, const float* x, uint8_t* y, int64_t n);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_SILU_KERNELS_H_
