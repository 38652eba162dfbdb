// QuantizeToNhwc: quantization to channels-last INT8 in one pass: f32 NCHW
// (the input image of an INT8 network) or NHWC (an FP32 layer's output) in,
// u8 or s8 NHWC out,
//
//   y[n, h, w, c] = clamp(round_half_even(x[n, c, h, w] * inv_scale) + zero_point, qmin, qmax)
//
// or, with channel multipliers m (channels-last sources), of (x * m[c]) * inv_scale
//
// where a channels-last source with multipliers may also be INT8 (u8/s8 with
// a zero point z: x = q - z), a requantization by channel: squeeze-excite's
// gate on an INT8 layer's output, with inv_scale = source scale / output
// scale;
//
// (qmin/qmax: the type's range, or a narrowed one). oneDNN does this as a
// generic reorder (and, for a narrowed range, a clip before it: two passes).
// The AVX2 loops cover three-channel NCHW images (interleaved with byte
// shuffles) and NHWC sources of any width (32 values per step).
//
//   auto q = QuantizeToNhwc::Create(params, kernels::onednn::OwnKernelIsa());
//   (*q)->Run(x_nchw, y_nhwc);
#ifndef MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_H_
#define MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/quantize_to_nhwc_kernels.h"

namespace mint8::x86 {

// QuantizeToNhwcParams (shape, scale, zero point, range, source form) is
// declared in quantize_to_nhwc_kernels.h, which the AVX2 loops share.

// InvalidArgument for empty shapes, bounds outside the type's range,
// channel multipliers on an NCHW source, or an INT8 source without them.
absl::Status ValidateQuantizeToNhwc(const QuantizeToNhwcParams& p);

// The oracle; `multipliers`: [channels] when scaled_by_channel, else null.
void QuantizeToNhwcReference(const QuantizeToNhwcParams& p, const void* x, const float* multipliers, void* y);

class QuantizeToNhwc {
 public:
  // The AVX2 loops cover three-channel NCHW and any NHWC source; anything
  // else (or `isa` below AVX2) runs the reference.
  static absl::StatusOr<std::unique_ptr<QuantizeToNhwc>> Create(const QuantizeToNhwcParams& p, Isa isa);
  // x: f32 [batch, channels, height, width] (or channels-last, or INT8, see
  // the params); y: [batch, height, width, channels].
  void Run(const void* x, void* y) const { Run(x, nullptr, y); }
  // With scaled_by_channel: `multipliers` holds one f32 per channel.
  void Run(const void* x, const float* multipliers, void* y) const;
  Isa isa() const { return isa_; }

 private:
  QuantizeToNhwc(const QuantizeToNhwcParams& p, Isa isa) : params_(p), isa_(isa) {}
  QuantizeToNhwcParams params_;
  Isa isa_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_H_
