// QuantizeToNhwc: the input quantization of an INT8 network in one pass:
// f32 NCHW in, u8 or s8 NHWC out,
//
//   y[n, h, w, c] = clamp(round_half_even(x[n, c, h, w] * inv_scale) + zero_point, qmin, qmax)
//
// (qmin/qmax: the type's range, or a narrowed one). oneDNN does this as a
// generic reorder (and, for a narrowed range, a clip before it); images
// have three channels, which the AVX2 loop interleaves with byte shuffles.
//
//   auto q = QuantizeToNhwc::Create(params, kernels::onednn::OwnKernelIsa());
//   (*q)->Run(x_nchw, y_nhwc);
#ifndef MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_H_
#define MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "kernels/x86/cpu_features.h"

namespace mint8::x86 {

struct QuantizeToNhwcParams {
  int64_t batch = 1, channels = 3, height = 0, width = 0;
  float inv_scale = 1.f;
  int32_t zero_point = 0;
  bool dst_signed = false;
  int32_t qmin = 0, qmax = 255;  // within the destination type's range
};

// InvalidArgument for empty shapes or bounds outside the type's range.
absl::Status ValidateQuantizeToNhwc(const QuantizeToNhwcParams& p);

// The oracle.
void QuantizeToNhwcReference(const QuantizeToNhwcParams& p, const float* x, void* y);

class QuantizeToNhwc {
 public:
  // The AVX2 loop covers three channels; anything else (or `isa` below AVX2)
  // runs the reference.
  static absl::StatusOr<std::unique_ptr<QuantizeToNhwc>> Create(const QuantizeToNhwcParams& p, Isa isa);
  // x: f32 [batch, channels, height, width]; y: [batch, height, width, channels].
  void Run(const void* x, void* y) const;
  Isa isa() const { return isa_; }

 private:
  QuantizeToNhwc(const QuantizeToNhwcParams& p, Isa isa) : params_(p), isa_(isa) {}
  QuantizeToNhwcParams params_;
  Isa isa_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_QUANTIZE_TO_NHWC_H_
