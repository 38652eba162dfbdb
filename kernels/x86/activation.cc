#include "kernels/x86/activation.h"

#include <omp.h>

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "kernels/x86/vector_math.h"

namespace mint8::x86 {
namespace {

// Below this many values per thread, waking threads costs more than it saves.
constexpr int64_t kValuesPerThread = 16384;

// run(begin, end) over [0, values) in parts, one per OpenMP thread, each
// starting on an 8-value boundary (whole vectors, one tail); one part when
// the values are few.
template <typename Run>
void InParts(int64_t values, const Run& run) {
  const int64_t threads = std::min<int64_t>(omp_get_max_threads(), values / kValuesPerThread);
  if (threads <= 1 || omp_in_parallel()) return run(0, values);
#pragma omp parallel num_threads(threads)
  {
    const int64_t t = omp_get_thread_num(), count = omp_get_num_threads();
    run(values * t / count / 8 * 8, t + 1 == count ? values : values * (t + 1) / count / 8 * 8);
  }
}

void RunVariant(Isa isa, const float* x, float* y, int64_t n) {
#ifdef MINT8_BUILT_AVX2
  if (isa == Isa::kAvx2) return SiluAvx2Loop(x, y, n);
#endif
  (void)isa;
  for (int64_t i = 0; i < n; ++i) y[i] = SiluReference(x[i]);
}

}  // namespace

absl::StatusOr<std::unique_ptr<SiluF32>> SiluF32::Create(int64_t values, Isa isa) {
  if (values < 1) return absl::InvalidArgumentError(absl::StrCat("SiLU of ", values, " values"));
  const bool avx2 = isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2);
  return std::unique_ptr<SiluF32>(new SiluF32(values, avx2 ? Isa::kAvx2 : Isa::kGeneric));
}

void SiluF32::Run(const void* x, void* y) const {
  const auto* in = static_cast<const float*>(x);
  auto* out = static_cast<float*>(y);
  InParts(values_,
          [&](int64_t begin, int64_t end) { RunVariant(isa_, in + begin, out + begin, end - begin); });
}

int32_t ActivationQuantizeReference(const ActivationQuantizeParams& p, float x) {
  const float a = p.activation == QuantizedActivation::kGelu ? GeluReference(x) : SiluReference(x);
  const float v = std::min(std::max(a * p.multiplier, p.low), p.high);
  const int32_t q = static_cast<int32_t>(std::nearbyint(v)) + p.zero_point;
  return p.dst_signed ? std::clamp(q, -128, 127) : std::clamp(q, 0, 255);
}

absl::StatusOr<std::unique_ptr<ActivationQuantize>> ActivationQuantize::Create(
    const ActivationQuantizeParams& p, Isa isa) {
  if (p.values < 1) return absl::InvalidArgumentError(absl::StrCat("activation of ", p.values, " values"));
  if (!(p.low <= p.high) || p.low < -1e9f || p.high > 1e9f) {
    return absl::InvalidArgumentError(
        absl::StrCat("activation quantization bounds [", p.low, ", ", p.high, "]"));
  }
  Isa chosen = Isa::kGeneric;
  if (isa >= Isa::kAvx512 && IsaAvailable(Isa::kAvx512)) {
    chosen = Isa::kAvx512;
  } else if (isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2)) {
    chosen = Isa::kAvx2;
  }
  return std::unique_ptr<ActivationQuantize>(new ActivationQuantize(p, chosen));
}

void ActivationQuantize::Run(const void* x, void* y) const {
  const auto* in = static_cast<const float*>(x);
  auto* out = static_cast<uint8_t*>(y);
  const ActivationQuantizeParams& p = params_;
  const auto run = [&](int64_t begin, int64_t end) {
    int64_t i = begin;
#ifdef MINT8_BUILT_AVX512
    if (isa_ == Isa::kAvx512) {
      ActivationQuantizeAvx512Loop(p, in + begin, out + begin, end - begin);
      i = end - (end - begin) % 16;
    }
#endif
#ifdef MINT8_BUILT_AVX2
    if (isa_ == Isa::kAvx2) {
      ActivationQuantizeAvx2Loop(p, in + begin, out + begin, end - begin);
      i = end - (end - begin) % 8;
    }
#endif
    for (; i < end; ++i) out[i] = static_cast<uint8_t>(ActivationQuantizeReference(p, in[i]));
  };
  InParts(p.values, run);
}

}  // namespace mint8::x86
