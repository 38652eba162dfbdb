// The per-ISA loop of SiluF32 (silu.h).
#ifndef MINT8_KERNELS_X86_SILU_KERNELS_H_
#define MINT8_KERNELS_X86_SILU_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

// y[i] = SiluReference(x[i]) for i < n (any n; y may be x).
void SiluAvx2Loop(const float* x, float* y, int64_t n);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_SILU_KERNELS_H_
