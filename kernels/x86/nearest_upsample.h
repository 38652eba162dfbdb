// NearestUpsampleNhwc: nearest-neighbour upsampling of a channels-last
// tensor by whole factors, the FPN upsampling of detectors:
//
//   y[n, oh, ow, :] = x[n, oh / factor_h, ow / factor_w, :]
//
// Pure data movement on whole pixels (any element type): each input pixel
// is copied factor_w times into an output row, which is then copied
// factor_h - 1 times. oneDNN 2.6's INT8 nearest resampling converts every
// element through f32 and runs slower than its f32 one (PP-OCRv4 det, 96
// channels at 160x160: 0.93 vs 0.59 ms on a Zen 3 core).
//
//   NearestUpsampleParams p = ...;
//   auto upsample = NearestUpsampleNhwc::Create(p);
//   (*upsample)->Run(x, y);   // thread-safe; OpenMP threads over input rows
#ifndef MINT8_KERNELS_X86_NEAREST_UPSAMPLE_H_
#define MINT8_KERNELS_X86_NEAREST_UPSAMPLE_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "kernels/x86/cpu_features.h"

namespace mint8::x86 {

struct NearestUpsampleParams {
  int64_t batch = 1;
  int64_t height = 0, width = 0;  // of the input
  int64_t factor_h = 1, factor_w = 1;
  int64_t pixel_bytes = 0;  // channels times the element size
};

// InvalidArgument for empty shapes or factors below 1.
absl::Status ValidateNearestUpsample(const NearestUpsampleParams& p);

// The oracle: the formula above, one byte at a time.
void NearestUpsampleNhwcReference(const NearestUpsampleParams& p, const void* x, void* y);

class NearestUpsampleNhwc {
 public:
  static absl::StatusOr<std::unique_ptr<NearestUpsampleNhwc>> Create(const NearestUpsampleParams& p);
  // x: [batch, height, width, pixel_bytes]; y: [batch, height * factor_h,
  // width * factor_w, pixel_bytes].
  void Run(const void* x, void* y) const;
  // Portable code (copies of whole pixels and rows).
  Isa isa() const { return Isa::kGeneric; }
  const NearestUpsampleParams& params() const { return params_; }

 private:
  explicit NearestUpsampleNhwc(const NearestUpsampleParams& p) : params_(p) {}
  NearestUpsampleParams params_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_NEAREST_UPSAMPLE_H_
