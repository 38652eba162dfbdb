// The per-ISA inner loops of DepthwiseConvInt8 (depthwise_conv.h): each
// computes a run of output pixels from precomputed tap pointers, so the
// geometry (padding, strides) stays in portable code.
#ifndef MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNELS_H_
#define MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

struct DepthwisePixelArgs {
  int64_t channels = 0;
  int taps = 0;                      // kernel_h * kernel_w
  const int32_t* weights = nullptr;  // packed for the variant (DepthwiseConvInt8::Pack*)
  const int32_t* bias = nullptr;     // [ceil(channels / block) * block], in the variant's order
  const float* scales = nullptr;     // same length and order
  // AVX-512 VNNI: channels from `bytewise_channels` on (at most 32) take a
  // widening loop, 16 per vector: weights [tail block][taps][16] (s8 in
  // the low half of each s32), bias and scales in channel order.
  int64_t bytewise_channels = 0;
  const int32_t* tail_weights = nullptr;
  const int32_t* tail_bias = nullptr;
  const float* tail_scales = nullptr;
  bool src_signed = false, dst_signed = false;
  int32_t dst_zero_point = 0;
  float low = 0.f, high = 0.f;
  bool hard_swish = false;  // see DepthwiseConvParams
  float post_scale = 1.f;
};

// Output pixel p (of `pixels`) reads tap t's `channels` source bytes at
// taps[t] + p * step and writes `channels` bytes at dst + p * channels.
void DepthwisePixelsAvx2(const DepthwisePixelArgs& args, const uint8_t* const* taps, int64_t step,
                         int64_t pixels, uint8_t* dst);
void DepthwisePixelsAvx512Vnni(const DepthwisePixelArgs& args, const uint8_t* const* taps, int64_t step,
                               int64_t pixels, uint8_t* dst);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNELS_H_
