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
// ActivationQuantize applies SiLU or GELU and quantizes for an INT8
// consumer, as an INT8 convolution's or inner product's epilogue would
// after that post-op:
//
//   y = saturate(round_half_even(clamp(act(x) * multiplier, low, high)) + zero_point)
//
// to u8 or s8 (oneDNN's GELU post-op costs ~40% of a transformer's INT8
// MLP expansion; an f32 inner product then this pass costs less). Every
// variant computes the references (SiluReference, GeluReference,
// vector_math.h; ActivationQuantizeReference) bit for bit.
#ifndef MINT8_KERNELS_X86_ACTIVATION_H_
#define MINT8_KERNELS_X86_ACTIVATION_H_

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "kernels/x86/activation_kernels.h"
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

// One output value: the formula above (ActivationQuantizeParams is declared in
// silu_kernels.h, which the AVX2 loop shares).
int32_t ActivationQuantizeReference(const ActivationQuantizeParams& p, float x);

class ActivationQuantize {
 public:
  // InvalidArgument for fewer than one value, bounds beyond 1e9 or low > high.
  static absl::StatusOr<std::unique_ptr<ActivationQuantize>> Create(const ActivationQuantizeParams& p,
                                                                    Isa isa);
  // x: `values` floats; y: `values` bytes (u8 or s8).
  void Run(const void* x, void* y) const;
  Isa isa() const { return isa_; }

 private:
  ActivationQuantize(const ActivationQuantizeParams& p, Isa isa) : params_(p), isa_(isa) {}
  ActivationQuantizeParams params_;
  Isa isa_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_ACTIVATION_H_
