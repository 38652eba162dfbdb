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

// `pixels` channels-last pixels of `channels` floats, value c of each
// multiplied by multipliers[c] first, to as many bytes: channels [0,
// channels / 8 * 8) of each pixel (the caller quantizes the rest).
void QuantizeScaledPixelsAvx2(const float* x, int64_t pixels, int64_t channels, const float* multipliers,
                              float inv_scale, int32_t zero_point, int32_t qmin, int32_t qmax,
                              bool dst_signed, uint8_t* y);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_KERNELS_H_
