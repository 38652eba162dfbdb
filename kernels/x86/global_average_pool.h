// GlobalAveragePoolInt8: the mean of every channel over the plane of an INT8
// channels-last (NHWC) tensor whose input and output share one quantization
// (the zero point then cancels):
//
//   y[n][c] = round_half_even(sum_{h,w} x[n][h][w][c] / (H * W))
//
// exactly: integer sums, and a rounding of the exact quotient (no float
// reciprocal). It is the squeeze of every squeeze-excite block (MobileNetV3,
// EfficientNet, PaddleOCR's PP-LCNet), where the maps are small and oneDNN's
// pooling call costs more than the additions.
//
//   GlobalAveragePoolParams p;  // batch, channels, positions = H * W, src_signed
//   auto pool = GlobalAveragePoolInt8::Create(p, BestAvailableIsa());
//   pool->Run(x_nhwc, y);   // thread-safe; y holds batch * channels values
//
// Every ISA variant computes exactly GlobalAveragePoolInt8Reference
// (global_average_pool_test holds them to it).
#ifndef MINT8_KERNELS_X86_GLOBAL_AVERAGE_POOL_H_
#define MINT8_KERNELS_X86_GLOBAL_AVERAGE_POOL_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/global_average_pool_kernels.h"

namespace mint8::x86 {

// The most positions Create accepts: the s32 sums cannot overflow below it.
inline constexpr int64_t kGlobalAveragePoolMaxPositions = int64_t{1} << 23;

// The oracle: integer sums and an integer half-to-even rounding.
void GlobalAveragePoolInt8Reference(const GlobalAveragePoolParams& p, const void* x, void* y);

class GlobalAveragePoolInt8 {
 public:
  // InvalidArgument for sizes out of range.
  static absl::StatusOr<std::unique_ptr<GlobalAveragePoolInt8>> Create(const GlobalAveragePoolParams& p,
                                                                      Isa isa);

  void Run(const void* x, void* y) const;
  // The variant that runs: "avx512", "avx2" or "generic".
  Isa isa() const { return isa_; }
  const GlobalAveragePoolParams& params() const { return params_; }

 private:
  GlobalAveragePoolInt8(const GlobalAveragePoolParams& p, Isa isa) : params_(p), isa_(isa) {}

  GlobalAveragePoolParams params_;
  Isa isa_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_GLOBAL_AVERAGE_POOL_H_
