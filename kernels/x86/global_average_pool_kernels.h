// The per-ISA loops of GlobalAveragePoolInt8 (global_average_pool.h), and its
// parameters.
#ifndef MINT8_KERNELS_X86_GLOBAL_AVERAGE_POOL_KERNELS_H_
#define MINT8_KERNELS_X86_GLOBAL_AVERAGE_POOL_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

struct GlobalAveragePoolParams {
  int64_t batch = 1, channels = 0;
  int64_t positions = 0;    // H * W
  bool src_signed = false;  // s8 values (and output), else u8
};

// One image: x holds `positions` pixels of p.channels values, y p.channels
// means.
void GlobalAveragePoolAvx2(const GlobalAveragePoolParams& p, const uint8_t* x, uint8_t* y);
void GlobalAveragePoolAvx512(const GlobalAveragePoolParams& p, const uint8_t* x, uint8_t* y);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_GLOBAL_AVERAGE_POOL_KERNELS_H_
