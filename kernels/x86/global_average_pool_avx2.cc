#include <immintrin.h>

#include <algorithm>

#include "kernels/x86/global_average_pool_kernels.h"

namespace mint8::x86 {
namespace {

// Positions summed in 16-bit lanes before they spill into 32-bit ones:
// 128 * 255 and 128 * -128 fit an s16.
constexpr int64_t kRun = 128;

template <bool kSigned>
__m256i Widen(__m128i bytes) {
  return kSigned ? _mm256_cvtepi8_epi16(bytes) : _mm256_cvtepu8_epi16(bytes);
}

// round_half_even(sum / n) of 4 sums: the quotient in double is the exact
// one correctly rounded (|sum| < 2^31), so a tie stays a tie and anything
// else stays on its side of it.
__m128i Means(__m128i sums, __m256d n) {
  const __m256d q = _mm256_div_pd(_mm256_cvtepi32_pd(sums), n);
  return _mm256_cvtpd_epi32(_mm256_round_pd(q, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
}

template <int kWidth>
__m128i Load(const uint8_t* x) {
  return kWidth == 16 ? _mm_loadu_si128(reinterpret_cast<const __m128i*>(x))
                      : _mm_loadl_epi64(reinterpret_cast<const __m128i*>(x));
}

// Channels [c, c + kWidth), kWidth 16 or 8: each position's bytes widened
// into 16-bit sums.
template <bool kSigned, int kWidth>
void Block(const GlobalAveragePoolParams& p, const uint8_t* x, int64_t c, uint8_t* y) {
  __m256i s0 = _mm256_setzero_si256(), s1 = s0;
  for (int64_t first = 0; first < p.positions; first += kRun) {
    const int64_t last = std::min(first + kRun, p.positions);
    __m256i sum16 = _mm256_setzero_si256();
    for (int64_t i = first; i < last; ++i) {
      sum16 = _mm256_add_epi16(sum16, Widen<kSigned>(Load<kWidth>(x + i * p.channels + c)));
    }
    s0 = _mm256_add_epi32(s0, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(sum16)));
    s1 = _mm256_add_epi32(s1, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(sum16, 1)));
  }
  const __m256d n = _mm256_set1_pd(static_cast<double>(p.positions));
  const __m128i m0 = Means(_mm256_castsi256_si128(s0), n), m1 = Means(_mm256_extracti128_si256(s0, 1), n);
  const __m128i m2 = Means(_mm256_castsi256_si128(s1), n), m3 = Means(_mm256_extracti128_si256(s1, 1), n);
  // The means lie within the source type: the saturating packs keep them.
  const __m128i words = _mm_packs_epi32(m0, m1), words2 = _mm_packs_epi32(m2, m3);
  const __m128i bytes = kSigned ? _mm_packs_epi16(words, words2) : _mm_packus_epi16(words, words2);
  if (kWidth == 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + c), bytes);
  } else {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(y + c), bytes);
  }
}

// The last channels (fewer than 8) one at a time.
template <bool kSigned>
void Channel(const GlobalAveragePoolParams& p, const uint8_t* x, int64_t c, uint8_t* y) {
  int32_t sum = 0;
  for (int64_t i = 0; i < p.positions; ++i) {
    const uint8_t v = x[i * p.channels + c];
    sum += kSigned ? static_cast<int8_t>(v) : v;
  }
  const __m256d n = _mm256_set1_pd(static_cast<double>(p.positions));
  y[c] = static_cast<uint8_t>(_mm_cvtsi128_si32(Means(_mm_set1_epi32(sum), n)));
}

template <bool kSigned>
void Image(const GlobalAveragePoolParams& p, const uint8_t* x, uint8_t* y) {
  int64_t c = 0;
  for (; c + 16 <= p.channels; c += 16) Block<kSigned, 16>(p, x, c, y);
  if (c + 8 <= p.channels) {
    Block<kSigned, 8>(p, x, c, y);
    c += 8;
  }
  for (; c < p.channels; ++c) Channel<kSigned>(p, x, c, y);
}

}  // namespace

void GlobalAveragePoolAvx2(const GlobalAveragePoolParams& p, const uint8_t* x, uint8_t* y) {
  if (p.src_signed) return Image<true>(p, x, y);
  Image<false>(p, x, y);
}

}  // namespace mint8::x86
