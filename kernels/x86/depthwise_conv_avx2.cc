// DepthwiseConvInt8's AVX2 loops. vpmaddwd multiplies pairs of s16 and adds
// each pair into an s32 lane, exactly. The source rows are first rewritten
// as "pair rows" (DepthwisePairRowAvx2): for 8 channels, the values of two
// neighbouring columns interleaved as s16, so one vpmaddwd takes two taps of
// a kernel row for 8 channels. A 3-tap row costs two of them per output
// pixel (one slot holds a zero weight), a 5-tap row three; the previous
// widening loop needed one per tap, and a pair row is built once per source
// row and read by every output row and pixel that needs it. Four output
// pixels share each pair and weight load; one pack sequence stores them.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/depthwise_conv_kernels.h"
#include "kernels/x86/vector_math_avx2.h"

namespace mint8::x86 {
namespace {

constexpr int kBlock = 8;  // channels per vector: 8 s32 lanes, 16 s16 words

// The rounded output before the zero point, which is added after the first
// (s16, saturating) pack: a value saturated there is outside the byte range
// with or without it.
template <int kActivation>
__m256i Requantize(const DepthwiseEpilogue& e, __m256i acc, __m256 scale) {
  __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(acc), scale);
  if constexpr (kActivation == kHardSwish) {
    const __m256 gate = _mm256_min_ps(
        _mm256_max_ps(_mm256_add_ps(v, _mm256_set1_ps(3.f)), _mm256_setzero_ps()), _mm256_set1_ps(6.f));
    v = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(v, gate), _mm256_set1_ps(1.f / 6.f)),
                      _mm256_set1_ps(e.post_scale));
  } else if constexpr (kActivation == kSilu) {
    v = _mm256_mul_ps(SiluAvx2(v), _mm256_set1_ps(e.post_scale));
  }
  v = _mm256_min_ps(_mm256_max_ps(v, _mm256_set1_ps(e.low)), _mm256_set1_ps(e.high));
  return _mm256_cvtps_epi32(v);
}

__m256i Load(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }

// One kernel row's contribution to the output pixel whose first tap is pair
// `base`, phase `phase` (see DepthwisePairedArgs).
template <int kPairs>
__m256i AddRow(__m256i acc, const int16_t* row, int64_t pair_stride, int64_t base, const int16_t* weights,
               int pairs) {
  const int n = kPairs > 0 ? kPairs : pairs;
#pragma GCC unroll 8
  for (int i = 0; i < n; ++i) {
    acc = _mm256_add_epi32(acc,
                           _mm256_madd_epi16(Load(row + (base + i) * pair_stride), Load(weights + i * 16)));
  }
  return acc;
}

template <int kActivation, bool kDstSigned, int kPairs, int kStride>
class PairedRow {
 public:
  PairedRow(const DepthwisePairedArgs& a, const int16_t* const* rows)
      : a_(a), rows_(rows), pairs_(a.pairs), stride_(a.stride) {}

  void Run(uint8_t* dst) const {
    const int64_t c_n = a_.channels, full = c_n / kBlock;
    int64_t x = 0;
    for (; x + 4 <= a_.out_w; x += 4) {
      for (int64_t b = 0; b < full; ++b) StoreFour(FourPixels(x, b), dst + x * c_n + b * kBlock, c_n, kBlock);
      if (full < a_.blocks)
        StoreFour(FourPixels(x, full), dst + x * c_n + full * kBlock, c_n, c_n - full * kBlock);
    }
    for (; x < a_.out_w; ++x) {
      for (int64_t b = 0; b < a_.blocks; ++b) {
        const __m256i q = OnePixel(x, b);
        const __m128i q16 =
            _mm_adds_epi16(_mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1)),
                           _mm_set1_epi16(static_cast<int16_t>(a_.epilogue.zero_point)));
        const __m128i bytes = kDstSigned ? _mm_packs_epi16(q16, q16) : _mm_packus_epi16(q16, q16);
        alignas(16) uint8_t out[16];
        _mm_store_si128(reinterpret_cast<__m128i*>(out), bytes);
        std::memcpy(dst + x * c_n + b * kBlock, out, std::min<int64_t>(kBlock, c_n - b * kBlock));
      }
    }
  }

 private:
  // Compile-time constants where the instance has them.
  int Pairs() const { return kPairs > 0 ? kPairs : pairs_; }
  int Stride() const { return kStride > 0 ? kStride : stride_; }
  const int16_t* Weights(int64_t b, int r, int phase) const {
    return a_.weights + ((b * a_.rows + r) * 2 + phase) * Pairs() * 16;
  }

  // Output pixels x0..x0+3 (x0 a multiple of 4, so the first one's column
  // x0 * stride is even and the phases follow from the stride), block b:
  // the four pixels' bytes, pixel by pixel, 8 channels each.
  __m256i FourPixels(int64_t x0, int64_t b) const {
    const __m256i bias = Load(a_.bias + b * kBlock);
    __m256i acc[4] = {bias, bias, bias, bias};
    const int64_t pair_stride = a_.blocks * 16, first = x0 * Stride() / 2;
    for (int r = 0; r < a_.rows; ++r) {
      const int16_t* row = rows_[r] + b * 16;
      const int16_t* even = Weights(b, r, 0);
      const int16_t* odd = Weights(b, r, 1);
#pragma GCC unroll 4
      for (int g = 0; g < 4; ++g) {
        const int64_t column = g * Stride();
        acc[g] =
            AddRow<kPairs>(acc[g], row, pair_stride, first + column / 2, column % 2 ? odd : even, Pairs());
      }
    }
    const __m256 scale = _mm256_loadu_ps(a_.scales + b * kBlock);
    const DepthwiseEpilogue& e = a_.epilogue;
    const __m256i zero_point = _mm256_set1_epi16(static_cast<int16_t>(e.zero_point));
    const __m256i q01 = _mm256_adds_epi16(_mm256_packs_epi32(Requantize<kActivation>(e, acc[0], scale),
                                                             Requantize<kActivation>(e, acc[1], scale)),
                                          zero_point);
    const __m256i q23 = _mm256_adds_epi16(_mm256_packs_epi32(Requantize<kActivation>(e, acc[2], scale),
                                                             Requantize<kActivation>(e, acc[3], scale)),
                                          zero_point);
    const __m256i q = kDstSigned ? _mm256_packs_epi16(q01, q23) : _mm256_packus_epi16(q01, q23);
    // Per 128-bit lane the packs leave dword j = pixel j's four channels
    // (low lane: channels 0-3, high lane: 4-7); the permute groups them by
    // pixel.
    return _mm256_permutevar8x32_epi32(q, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  }

  // Pixel p's `count` bytes at dst + p * pixel_stride.
  static void StoreFour(__m256i by_pixel, uint8_t* dst, int64_t pixel_stride, int64_t count) {
    const __m128i p01 = _mm256_castsi256_si128(by_pixel), p23 = _mm256_extracti128_si256(by_pixel, 1);
    const __m128i p1 = _mm_unpackhi_epi64(p01, p01), p3 = _mm_unpackhi_epi64(p23, p23);
    if (count == kBlock) {
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), p01);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + pixel_stride), p1);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 2 * pixel_stride), p23);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 3 * pixel_stride), p3);
      return;
    }
    alignas(32) uint8_t out[32];
    _mm256_store_si256(reinterpret_cast<__m256i*>(out), by_pixel);
    for (int p = 0; p < 4; ++p) std::memcpy(dst + p * pixel_stride, out + p * kBlock, count);
  }

  __m256i OnePixel(int64_t x, int64_t b) const {
    __m256i acc = Load(a_.bias + b * kBlock);
    const int64_t column = x * Stride();
    for (int r = 0; r < a_.rows; ++r) {
      acc = AddRow<kPairs>(acc, rows_[r] + b * 16, a_.blocks * 16, column / 2, Weights(b, r, column % 2),
                           Pairs());
    }
    return Requantize<kActivation>(a_.epilogue, acc, _mm256_loadu_ps(a_.scales + b * kBlock));
  }

  const DepthwisePairedArgs& a_;
  const int16_t* const* rows_;
  const int pairs_, stride_;
};

template <int kActivation, bool kDstSigned, int kPairs>
void DispatchStride(const DepthwisePairedArgs& a, const int16_t* const* rows, uint8_t* dst) {
  switch (a.stride) {
    case 1:
      return PairedRow<kActivation, kDstSigned, kPairs, 1>(a, rows).Run(dst);
    case 2:
      return PairedRow<kActivation, kDstSigned, kPairs, 2>(a, rows).Run(dst);
    default:
      return PairedRow<kActivation, kDstSigned, kPairs, 0>(a, rows).Run(dst);
  }
}

template <int kActivation, bool kDstSigned>
void DispatchPairs(const DepthwisePairedArgs& a, const int16_t* const* rows, uint8_t* dst) {
  switch (a.pairs) {
    case 2:  // 3-tap rows
      return DispatchStride<kActivation, kDstSigned, 2>(a, rows, dst);
    case 3:  // 5-tap rows
      return DispatchStride<kActivation, kDstSigned, 3>(a, rows, dst);
    default:
      return DispatchStride<kActivation, kDstSigned, 0>(a, rows, dst);
  }
}

template <int kActivation>
void DispatchSign(const DepthwisePairedArgs& a, const int16_t* const* rows, uint8_t* dst) {
  if (a.epilogue.dst_signed) return DispatchPairs<kActivation, true>(a, rows, dst);
  DispatchPairs<kActivation, false>(a, rows, dst);
}

template <bool kSrcSigned>
__m256i Widen(__m128i bytes) {
  return kSrcSigned ? _mm256_cvtepi8_epi16(bytes) : _mm256_cvtepu8_epi16(bytes);
}

template <bool kSrcSigned>
void PairRow(const DepthwisePairRowArgs& a, const uint8_t* src_row, int16_t* pair_row) {
  const int64_t c_n = a.channels, full = c_n / kBlock, blocks = (c_n + kBlock - 1) / kBlock;
  const int16_t zero_point = static_cast<int16_t>(a.zero_point);
  const __m128i zero_bytes = _mm_set1_epi8(static_cast<char>(a.zero_point));
  for (int64_t q = 0; q < a.pairs_per_row; ++q) {
    const uint8_t* column[2];
    for (int t = 0; t < 2; ++t) {
      const int64_t x = 2 * q + t - a.pad_left;
      column[t] = x >= 0 && x < a.in_w ? src_row + x * c_n : nullptr;
    }
    int16_t* out = pair_row + q * blocks * 16;
    if (column[0] == nullptr && column[1] == nullptr) {
      std::fill_n(out, blocks * 16, zero_point);
      continue;
    }
    int64_t b = 0;
    for (; b < full; ++b) {
      const __m128i left = column[0] != nullptr
                               ? _mm_loadl_epi64(reinterpret_cast<const __m128i*>(column[0] + b * kBlock))
                               : zero_bytes;
      const __m128i right = column[1] != nullptr
                                ? _mm_loadl_epi64(reinterpret_cast<const __m128i*>(column[1] + b * kBlock))
                                : zero_bytes;
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + b * 16),
                          Widen<kSrcSigned>(_mm_unpacklo_epi8(left, right)));
    }
    if (b < blocks) {  // the last channels; the block's unused words read as the zero point
      for (int64_t c = 0; c < kBlock; ++c) {
        for (int t = 0; t < 2; ++t) {
          const int64_t channel = b * kBlock + c;
          int16_t v = zero_point;
          if (column[t] != nullptr && channel < c_n) {
            v = kSrcSigned ? static_cast<int8_t>(column[t][channel]) : column[t][channel];
          }
          out[b * 16 + 2 * c + t] = v;
        }
      }
    }
  }
}

}  // namespace

void DepthwiseExpAvx2(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; i += 8) _mm256_storeu_ps(y + i, ExpAvx2(_mm256_loadu_ps(x + i)));
}

void DepthwisePairRowAvx2(const DepthwisePairRowArgs& a, const uint8_t* src_row, int16_t* pair_row) {
  if (a.src_signed) return PairRow<true>(a, src_row, pair_row);
  PairRow<false>(a, src_row, pair_row);
}

void DepthwiseRowAvx2(const DepthwisePairedArgs& a, const int16_t* const* pair_rows, uint8_t* dst) {
  switch (a.epilogue.activation) {
    case kHardSwish:
      return DispatchSign<kHardSwish>(a, pair_rows, dst);
    case kSilu:
      return DispatchSign<kSilu>(a, pair_rows, dst);
    default:
      return DispatchSign<kClampOnly>(a, pair_rows, dst);
  }
}

}  // namespace mint8::x86
