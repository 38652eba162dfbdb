#include "kernels/x86/silu.h"

#include <omp.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "kernels/x86/silu_kernels.h"
#include "kernels/x86/vector_math.h"

namespace mint8::x86 {
namespace {

// Below this many values per thread, waking threads costs more than it saves.
constexpr int64_t kValuesPerThread = 16384;

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
  const int64_t threads = std::min<int64_t>(omp_get_max_threads(), values_ / kValuesPerThread);
  if (threads <= 1 || omp_in_parallel()) return RunVariant(isa_, in, out, values_);
#pragma omp parallel num_threads(threads)
  {
    // Thread parts start on 8-value boundaries: whole vectors, one tail.
    const int64_t t = omp_get_thread_num(), count = omp_get_num_threads();
    const int64_t begin = values_ * t / count / 8 * 8;
    const int64_t end = t + 1 == count ? values_ : values_ * (t + 1) / count / 8 * 8;
    RunVariant(isa_, in + begin, out + begin, end - begin);
  }
}

}  // namespace mint8::x86
