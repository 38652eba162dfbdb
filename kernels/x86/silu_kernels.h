// The per-ISA loops of SiluF32 and SiluQuantize (silu.h), and the latter's
// parameters.
#ifndef MINT8_KERNELS_X86_SILU_KERNELS_H_
#define MINT8_KERNELS_X86_SILU_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

// y[i] = SiluReference(x[i]) for i < n (any n; y may be x).
void SiluAvx2Loop(const float* x, float* y, int64_t n);

struct SiluQuantizeParams {
  int64_t values = 0;
  float multiplier = 1.f;          // 1 / the output scale
  float low = -1e9f, high = 1e9f;  // in output units, before the zero point; |bounds| <= 1e9
  int32_t zero_point = 0;
  bool dst_signed = false;  // s8, else u8
};

// y[i] = SiluQuantizeReference(p, x[i]) for i < n - n % 8 (whole vectors;
// the caller does the rest; p.values is not read).
void SiluQuantizeAvx2Loop(const SiluQuantizeParams& p, const float* x, uint8_t* y, int64_t n);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_SILU_KERNELS_H_
