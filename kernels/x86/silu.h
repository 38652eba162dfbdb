// SiluF32: y = SiLU(x) = x / (1 + e^-x) over a tensor's f32 values, in place
// or out of place, any layout (SiLU(0) = 0, so the zero padding of blocked
// layouts stays zero). oneDNN evaluates SiLU (its swish) at about three
// cycles a value on AVX2, as a convolution post-op and as an eltwise
// primitive alike; this loop does it in a fraction of that (kernel_benchmarks
// --benchmark_filter=Silu), so a convolution followed by it can beat the
// convolution with the post-op.
//
//   auto silu = SiluF32::Create(values, BestAvailableIsa());
//   (*silu)->Run(x, y);   // y may be x; thread-safe; OpenMP threads over values
//
// Every variant computes SiluReference (vector_math.h) bit for bit.
#ifndef MINT8_KERNELS_X86_SILU_H_
#define MINT8_KERNELS_X86_SILU_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "kernels/x86/cpu_features.h"

namespace mint8::x86 {

class SiluF32 {
 public:
  // InvalidArgument for fewer than one value.
  static absl::StatusOr<std::unique_ptr<SiluF32>> Create(int64_t values, Isa isa);
  void Run(const void* x, void* y) const;
  Isa isa() const { return isa_; }
  int64_t values() const { return values_; }

 private:
  SiluF32(int64_t values, Isa isa) : values_(values), isa_(isa) {}
  int64_t values_;
  Isa isa_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_SILU_H_
