// The per-ISA loops of SiluF32 and ActivationQuantize (activation.h), and
// the latter's parameters.
#ifndef MINT8_KERNELS_X86_ACTIVATION_KERNELS_H_
#define MINT8_KERNELS_X86_ACTIVATION_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

// y[i] = SiluReference(x[i]) for i < n (any n; y may be x).
void SiluAvx2Loop(const float* x, float* y, int64_t n);

// The activations ActivationQuantize evaluates (vector_math.h's references).
enum class QuantizedActivation { kSilu, kGelu };

struct ActivationQuantizeParams {
  int64_t values = 0;
  QuantizedActivation activation = QuantizedActivation::kSilu;
  float multiplier = 1.f;          // 1 / the output scale
  float low = -1e9f, high = 1e9f;  // in output units, before the zero point; |bounds| <= 1e9
  int32_t zero_point = 0;
  bool dst_signed = false;  // s8, else u8
};

// y[i] = ActivationQuantizeReference(p, x[i]) for i < n - n % 8 (whole
// vectors; the caller does the rest; p.values is not read).
void ActivationQuantizeAvx2Loop(const ActivationQuantizeParams& p, const float* x, uint8_t* y, int64_t n);
// The same with AVX-512 (F, BW) for i < n - n % 16.
void ActivationQuantizeAvx512Loop(const ActivationQuantizeParams& p, const float* x, uint8_t* y, int64_t n);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_ACTIVATION_KERNELS_H_
