// The per-ISA loops of QuantizeToNhwc (quantize_to_nhwc.h), and its
// parameters.
#ifndef MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_KERNELS_H_
#define MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

struct QuantizeToNhwcParams {
  int64_t batch = 1, channels = 3, height = 0, width = 0;
  float inv_scale = 1.f;
  int32_t zero_point = 0;
  bool dst_signed = false;
  int32_t qmin = 0, qmax = 255;       // within the destination type's range
  bool channels_last_source = false;  // x is [batch, height, width, channels]
  // Channels-last sources only: value c of every pixel is multiplied by a
  // per-channel multiplier m[c] (in f32, given to Run) before it is
  // quantized, as a Mul by a [1, C, 1, 1] tensor (squeeze-excite's gate)
  // would do.
  bool scaled_by_channel = false;
  // With scaled_by_channel: x holds INT8 values (s8 if src_signed, else u8),
  // read as q - src_zero_point.
  bool int8_source = false;
  bool src_signed = false;
  int32_t src_zero_point = 0;
};

// Three planes of `pixels` floats (plane c at x + c * plane_stride) to
// `pixels` interleaved 3-byte pixels at y; the caller leaves at least 4
// writable bytes after the last pixel's.
void QuantizeThreePlanesAvx2(const float* x, int64_t plane_stride, int64_t pixels, float inv_scale,
                             int32_t zero_point, int32_t qmin, int32_t qmax, bool dst_signed, uint8_t* y);

// `values` (a multiple of 32) floats to as many bytes, in order.
void QuantizeValuesAvx2(const float* x, int64_t values, float inv_scale, int32_t zero_point, int32_t qmin,
                        int32_t qmax, bool dst_signed, uint8_t* y);

// `pixels` channels-last pixels of p.channels values (floats, or INT8 read
// as q - p.src_zero_point), value c of each multiplied by multipliers[c]
// first, to as many bytes: channels [0, channels / 8 * 8) of each pixel (the
// caller quantizes the rest).
void QuantizeScaledPixelsAvx2(const QuantizeToNhwcParams& p, const float* multipliers, const uint8_t* x,
                              int64_t pixels, uint8_t* y);

// The same with AVX-512 (F, BW, VL), every channel of each pixel.
void QuantizeScaledPixelsAvx512(const QuantizeToNhwcParams& p, const float* multipliers, const uint8_t* x,
                                int64_t pixels, uint8_t* y);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_KERNELS_H_
