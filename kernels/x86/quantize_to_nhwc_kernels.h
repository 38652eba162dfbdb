// The per-ISA loops of QuantizeToNhwc (quantize_to_nhwc.h).
#ifndef MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_KERNELS_H_
#define MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

// Three planes of `pixels` floats (plane c at x + c * plane_stride) to
// `pixels` interleaved 3-byte pixels at y; the caller leaves at least 4
// writable bytes after the last pixel's.
void QuantizeThreePlanesAvx2(const float* x, int64_t plane_stride, int64_t pixels, float inv_scale,
                             int32_t zero_point, int32_t qmin, int32_t qmax, bool dst_signed, uint8_t* y);

// `values` (a multiple of 32) floats to as many bytes, in order.
void QuantizeValuesAvx2(const float* x, int64_t values, float inv_scale, int32_t zero_point, int32_t qmin,
                        int32_t qmax, bool dst_signed, uint8_t* y);

// `pixels` channels-last pixels of `channels` values (floats, or INT8 read
// as q - src_zero_point), value c of each multiplied by multipliers[c]
// first, to as many bytes: channels [0, channels / 8 * 8) of each pixel (the
// caller quantizes the rest).
struct ScaledPixelsArgs {
  int64_t channels = 0;
  const float* multipliers = nullptr;
  float inv_scale = 1.f;
  int32_t zero_point = 0, qmin = 0, qmax = 255;
  bool dst_signed = false;
  bool int8_source = false, src_signed = false;
  int32_t src_zero_point = 0;
};
void QuantizeScaledPixelsAvx2(const ScaledPixelsArgs& a, const uint8_t* x, int64_t pixels, uint8_t* y);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_KERNELS_H_
