#include <immintrin.h>

#include "kernels/x86/int8_matvec_kernels.h"

namespace mint8::x86 {
namespace {

int32_t HorizontalSum(__m256i v) {
  __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
  s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
  return _mm_cvtsi128_si32(s);
}

}  // namespace

// Four rows at a time share each load of x; vpmaddwd sums pairs of 16-bit
// products into 32 bits, which no u8 x s8 product pair can overflow. The
// weights stay bytes in memory, the four rows interleaved, and are widened
// as they are loaded: a large matrix (a classifier's 1280 x 1000) streams
// in as one sequence at half the bytes.
void Int8MatVecAvx2Loop(const int16_t* x, const int8_t* w, const int32_t* offset, int64_t padded,
                        int64_t outputs, int32_t* acc) {
  const auto widened = [](const int8_t* at) {
    return _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at)));
  };
  int64_t o = 0;
  for (; o + 4 <= outputs; o += 4) {
    const int8_t* w0 = w + o * padded;
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    for (int64_t i = 0; i < padded; i += 16) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i));
      const auto row = [&](int r) { return widened(w0 + i * 4 + r * 16); };
      a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(v, row(0)));
      a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(v, row(1)));
      a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(v, row(2)));
      a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(v, row(3)));
    }
    acc[o] = offset[o] + HorizontalSum(a0);
    acc[o + 1] = offset[o + 1] + HorizontalSum(a1);
    acc[o + 2] = offset[o + 2] + HorizontalSum(a2);
    acc[o + 3] = offset[o + 3] + HorizontalSum(a3);
  }
  for (; o < outputs; ++o) {
    const int8_t* row = w + o * padded;
    __m256i a = _mm256_setzero_si256();
    for (int64_t i = 0; i < padded; i += 16) {
      a = _mm256_add_epi32(a, _mm256_madd_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x + i)),
                                                widened(row + i)));
    }
    acc[o] = offset[o] + HorizontalSum(a);
  }
}

}  // namespace mint8::x86
