// The per-ISA loop of ChannelShuffleNhwc (channel_shuffle.h): two halves
// interleaved element by element.
#ifndef MINT8_KERNELS_X86_CHANNEL_SHUFFLE_KERNELS_H_
#define MINT8_KERNELS_X86_CHANNEL_SHUFFLE_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

// For pixels p < `pixels`: y[p * 2 * half + 2i + t] = (t ? b : a)[p * stride + i]
// for i < half, elements of `element_bytes` (1 or 4) bytes; strides and half
// in elements.
struct InterleaveArgs {
  const uint8_t* a = nullptr;
  const uint8_t* b = nullptr;
  int64_t a_stride = 0, b_stride = 0;
  int64_t half = 0;
  int element_bytes = 1;
};
void InterleaveHalvesAvx2(const InterleaveArgs& args, int64_t pixels, uint8_t* y);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_CHANNEL_SHUFFLE_KERNELS_H_
