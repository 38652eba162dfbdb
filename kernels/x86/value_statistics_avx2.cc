#include <immintrin.h>

#include "kernels/x86/value_statistics_kernels.h"

namespace mint8::x86 {
namespace {

float HorizontalMin(__m256 v) {
  __m128 m = _mm_min_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_min_ps(m, _mm_movehl_ps(m, m));
  return _mm_cvtss_f32(_mm_min_ss(m, _mm_shuffle_ps(m, m, 1)));
}

float HorizontalMax(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  return _mm_cvtss_f32(_mm_max_ss(m, _mm_shuffle_ps(m, m, 1)));
}

}  // namespace

void SummarizeValuesAvx2(const float* x, int64_t n, float* lo, float* hi, bool* finite, double lanes[8]) {
  const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  const __m256 infinity = _mm256_set1_ps(__builtin_inff());
  // min(x, m) keeps m when x is NaN, as the reference's `x < m ? x : m` does.
  __m256 vlo = _mm256_set1_ps(*lo), vhi = _mm256_set1_ps(*hi), bad = _mm256_setzero_ps();
  __m256d sum_low = _mm256_loadu_pd(lanes), sum_high = _mm256_loadu_pd(lanes + 4);
  for (int64_t i = 0; i < n; i += 8) {
    const __m256 v = _mm256_loadu_ps(x + i);
    vlo = _mm256_min_ps(v, vlo);
    vhi = _mm256_max_ps(v, vhi);
    bad = _mm256_or_ps(bad, _mm256_cmp_ps(_mm256_and_ps(v, abs_mask), infinity, _CMP_NLT_UQ));
    sum_low = _mm256_add_pd(sum_low, _mm256_cvtps_pd(_mm256_castps256_ps128(v)));
    sum_high = _mm256_add_pd(sum_high, _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)));
  }
  *lo = HorizontalMin(vlo);
  *hi = HorizontalMax(vhi);
  *finite = *finite && _mm256_movemask_ps(bad) == 0;
  _mm256_storeu_pd(lanes, sum_low);
  _mm256_storeu_pd(lanes + 4, sum_high);
}

int64_t CountBinsAvx2(const float* x, int64_t n, float per_bin, int bins, uint32_t* counts) {
  static_assert(kValueHistogramTables == 4, "lane k of 8 counts into table k % 4");
  const __m256 abs_mask = _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff));
  const __m256 scale = _mm256_set1_ps(per_bin);
  const __m256 last = _mm256_set1_ps(static_cast<float>(bins - 1));
  const __m256i table = _mm256_setr_epi32(0, bins, 2 * bins, 3 * bins, 0, bins, 2 * bins, 3 * bins);
  int64_t zeros = 0;
  alignas(32) int32_t index[8];
  for (int64_t i = 0; i < n; i += 8) {
    const __m256 a = _mm256_and_ps(_mm256_loadu_ps(x + i), abs_mask);
    zeros += __builtin_popcount(_mm256_movemask_ps(_mm256_cmp_ps(a, _mm256_setzero_ps(), _CMP_EQ_OQ)));
    const __m256i bin = _mm256_cvttps_epi32(_mm256_min_ps(_mm256_mul_ps(a, scale), last));
    _mm256_store_si256(reinterpret_cast<__m256i*>(index), _mm256_add_epi32(bin, table));
    ++counts[index[0]];
    ++counts[index[1]];
    ++counts[index[2]];
    ++counts[index[3]];
    ++counts[index[4]];
    ++counts[index[5]];
    ++counts[index[6]];
    ++counts[index[7]];
  }
  return zeros;
}

}  // namespace mint8::x86
