#include "kernels/x86/x86_intrinsics.h"

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), which its own
// -Wuninitialized reports wherever they inline (GCC bug 105593, fixed in
// GCC 13): silenced for this file only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <algorithm>

#include "kernels/x86/global_average_pool_kernels.h"

namespace mint8::x86 {
namespace {

// Positions summed in 16-bit lanes before they spill into 32-bit ones:
// 128 * 255 and 128 * -128 fit an s16 (two sums of 64 each, added at the
// spill).
constexpr int64_t kRun = 128;

// A position's 64 bytes as two vectors of 32 16-bit values, without a
// shuffle: the even bytes (channels c, c + 2, ...) and the odd ones.
template <bool kSigned>
__m512i EvenBytes(__m512i v) {
  return kSigned ? _mm512_srai_epi16(_mm512_slli_epi16(v, 8), 8) : _mm512_and_si512(v, _mm512_set1_epi16(0xFF));
}
template <bool kSigned>
__m512i OddBytes(__m512i v) {
  return kSigned ? _mm512_srai_epi16(v, 8) : _mm512_srli_epi16(v, 8);
}

// round_half_even(sum / n) of 16 sums: the quotient in double is the exact
// one correctly rounded (|sum| < 2^31), so a tie stays a tie and anything
// else stays on its side of it.
__m512i Means(__m512i sums, __m512d n) {
  constexpr int kNearest = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
  const __m512d lo = _mm512_div_pd(_mm512_cvtepi32_pd(_mm512_castsi512_si256(sums)), n);
  const __m512d hi = _mm512_div_pd(_mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(sums, 1)), n);
  return _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtpd_epi32(_mm512_roundscale_pd(lo, kNearest))),
                            _mm512_cvtpd_epi32(_mm512_roundscale_pd(hi, kNearest)), 1);
}

// Channels [c, c + 64) selected by `mask`.
template <bool kSigned>
void Block(const GlobalAveragePoolParams& p, const uint8_t* x, int64_t c, __mmask64 mask, uint8_t* y) {
  // Sums of channels c + 2k (even) and c + 2k + 1 (odd), k < 16 (lo) and
  // 16 <= k < 32 (hi).
  __m512i even_lo = _mm512_setzero_si512(), even_hi = even_lo, odd_lo = even_lo, odd_hi = even_lo;
  const int64_t stride = p.channels;
  for (int64_t first = 0; first < p.positions; first += kRun) {
    const int64_t count = std::min(kRun, p.positions - first);
    const uint8_t* at = x + first * stride + c;
    // Two positions per trip, each into its own pair of sums.
    __m512i even0 = _mm512_setzero_si512(), odd0 = even0, even1 = even0, odd1 = even0;
    int64_t i = 0;
    for (; i + 2 <= count; i += 2, at += 2 * stride) {
      const __m512i v0 = _mm512_maskz_loadu_epi8(mask, at), v1 = _mm512_maskz_loadu_epi8(mask, at + stride);
      even0 = _mm512_add_epi16(even0, EvenBytes<kSigned>(v0));
      odd0 = _mm512_add_epi16(odd0, OddBytes<kSigned>(v0));
      even1 = _mm512_add_epi16(even1, EvenBytes<kSigned>(v1));
      odd1 = _mm512_add_epi16(odd1, OddBytes<kSigned>(v1));
    }
    if (i < count) {
      const __m512i v0 = _mm512_maskz_loadu_epi8(mask, at);
      even0 = _mm512_add_epi16(even0, EvenBytes<kSigned>(v0));
      odd0 = _mm512_add_epi16(odd0, OddBytes<kSigned>(v0));
    }
    const __m512i even = _mm512_add_epi16(even0, even1), odd = _mm512_add_epi16(odd0, odd1);
    even_lo = _mm512_add_epi32(even_lo, _mm512_cvtepi16_epi32(_mm512_castsi512_si256(even)));
    even_hi = _mm512_add_epi32(even_hi, _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(even, 1)));
    odd_lo = _mm512_add_epi32(odd_lo, _mm512_cvtepi16_epi32(_mm512_castsi512_si256(odd)));
    odd_hi = _mm512_add_epi32(odd_hi, _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(odd, 1)));
  }
  // Back into channel order: even k, odd k, even k + 1, ...
  const __m512i first8 = _mm512_setr_epi32(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
  const __m512i next8 = _mm512_add_epi32(first8, _mm512_set1_epi32(8));
  const __m512d n = _mm512_set1_pd(static_cast<double>(p.positions));
  const __m512i sums[4] = {
      _mm512_permutex2var_epi32(even_lo, first8, odd_lo), _mm512_permutex2var_epi32(even_lo, next8, odd_lo),
      _mm512_permutex2var_epi32(even_hi, first8, odd_hi), _mm512_permutex2var_epi32(even_hi, next8, odd_hi)};
  // The means lie within the source type, so truncating each to a byte keeps it.
  for (int q = 0; q < 4; ++q) {
    _mm512_mask_cvtepi32_storeu_epi8(y + c + 16 * q, static_cast<__mmask16>(mask >> (16 * q)),
                                     Means(sums[q], n));
  }
}

template <bool kSigned>
void Image(const GlobalAveragePoolParams& p, const uint8_t* x, uint8_t* y) {
  for (int64_t c = 0; c < p.channels; c += 64) {
    const int64_t left = p.channels - c;
    const __mmask64 mask = left >= 64 ? ~__mmask64{0} : (__mmask64{1} << left) - 1;
    Block<kSigned>(p, x, c, mask, y);
  }
}

}  // namespace

void GlobalAveragePoolAvx512(const GlobalAveragePoolParams& p, const uint8_t* x, uint8_t* y) {
  if (p.src_signed) return Image<true>(p, x, y);
  Image<false>(p, x, y);
}

}  // namespace mint8::x86
