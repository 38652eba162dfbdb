// SiluF32's AVX2 loop: two vectors per iteration (the division's latency
// overlaps), then one, then a masked tail.
#include <immintrin.h>

#include "kernels/x86/silu_kernels.h"
#include "kernels/x86/vector_math_avx2.h"

namespace mint8::x86 {

void SiluAvx2Loop(const float* x, float* y, int64_t n) {
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    const __m256 a = SiluAvx2(_mm256_loadu_ps(x + i));
    const __m256 b = SiluAvx2(_mm256_loadu_ps(x + i + 8));
    const __m256 c = SiluAvx2(_mm256_loadu_ps(x + i + 16));
    const __m256 d = SiluAvx2(_mm256_loadu_ps(x + i + 24));
    _mm256_storeu_ps(y + i, a);
    _mm256_storeu_ps(y + i + 8, b);
    _mm256_storeu_ps(y + i + 16, c);
    _mm256_storeu_ps(y + i + 24, d);
  }
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, SiluAvx2(_mm256_loadu_ps(x + i)));
  if (i == n) return;
  // Lanes below n - i on: -1 > lane index.
  const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(static_cast<int>(n - i)),
                                          _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  _mm256_maskstore_ps(y + i, mask, SiluAvx2(_mm256_maskload_ps(x + i, mask)));
}

}  // namespace mint8::x86
