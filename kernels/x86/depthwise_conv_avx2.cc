// DepthwiseConvInt8's AVX2 loop, in float arithmetic that is exact: a
// product of two bytes is below 2^15 in magnitude and a sum of at most 49
// of them below 2^21, so every partial sum is an integer a float holds
// exactly, and fused multiply-adds compute the integer accumulator bit for
// bit. Float FMAs are what AVX2 multiplies fastest (two per cycle, eight
// lanes each; vpmaddwd needs a vpaddd per pair of taps and a third of its
// slots stay empty on 3-tap rows), so the loop runs as fast as a float
// depthwise convolution would while reading and writing bytes.
//
// Each source row is first converted once (DepthwiseFloatRowAvx2) into a
// float row, 8 channels per block, block after block. Per block, a kernel row's weights
// stay in registers and each float column loaded feeds every output pixel
// of the group of 8 that reads it. A 1x1 window at stride 1 (a BatchNorm
// that no convolution absorbed) reads no row twice, so it skips the float
// rows: DepthwisePointwiseAvx2 converts each source vector as it loads it.
#include <immintrin.h>

#include <algorithm>
#include <cstring>

#include "kernels/x86/depthwise_conv_kernels.h"
#include "kernels/x86/vector_math_avx2.h"

namespace mint8::x86 {
namespace {

constexpr int kBlock = 8;  // channels per vector

// The rounded output before the zero point, which is added after the first
// (s16, saturating) pack: a value saturated there is outside the byte range
// with or without it. Bounds the packs' saturation implies are skipped
// (DepthwiseFloatArgs::clamp_low, clamp_high).
template <int kActivation>
__m256i Requantize(const DepthwiseFloatArgs& a, __m256 v) {
  const DepthwiseEpilogue& e = a.epilogue;
  if constexpr (kActivation == kHardSwish) {
    const __m256 gate = _mm256_min_ps(
        _mm256_max_ps(_mm256_add_ps(v, _mm256_set1_ps(3.f)), _mm256_setzero_ps()), _mm256_set1_ps(6.f));
    v = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(v, gate), _mm256_set1_ps(1.f / 6.f)),
                      _mm256_set1_ps(e.post_scale));
  } else if constexpr (kActivation == kSilu) {
    v = _mm256_mul_ps(SiluAvx2(v), _mm256_set1_ps(e.post_scale));
  }
  if (a.clamp_low) v = _mm256_max_ps(v, _mm256_set1_ps(e.low));
  if (a.clamp_high) v = _mm256_min_ps(v, _mm256_set1_ps(e.high));
  return _mm256_cvtps_epi32(v);
}

// One vector of rounded outputs (before the zero point): its first `count`
// bytes at dst.
template <bool kDstSigned>
void StoreVector(__m256i q, int32_t zero_point, uint8_t* dst, int64_t count) {
  const __m128i q16 =
      _mm_adds_epi16(_mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1)),
                     _mm_set1_epi16(static_cast<int16_t>(zero_point)));
  const __m128i bytes = kDstSigned ? _mm_packs_epi16(q16, q16) : _mm_packus_epi16(q16, q16);
  if (count == kBlock) return _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), bytes);
  alignas(16) uint8_t out[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(out), bytes);
  std::memcpy(dst, out, count);
}

template <int kActivation, bool kDstSigned, int kKernelW, int kStride>
class FloatRowConv {
 public:
  FloatRowConv(const DepthwiseFloatArgs& a, const float* const* rows)
      : a_(a), rows_(rows), kernel_w_(a.kernel_w), stride_(a.stride) {}

  void Run(uint8_t* dst) const {
    const int64_t c_n = a_.channels, out_w = a_.out_w;
    for (int64_t b = 0; b < a_.blocks; ++b) {
      const int64_t count = std::min<int64_t>(kBlock, c_n - b * kBlock);
      uint8_t* out = dst + b * kBlock;
      // A row's last group overlaps the one before rather than leaving a
      // short one: its pixels are computed twice, the same bytes both times.
      if (out_w >= 8) {
        for (int64_t x = 0; x < out_w; x += 8) {
          const int64_t x0 = std::min(x, out_w - 8);
          Group<8, 1>(x0, b, out + x0 * c_n, count);
        }
      } else if (out_w >= 4) {
        Group<4, 2>(0, b, out, count);
        Group<4, 2>(out_w - 4, b, out + (out_w - 4) * c_n, count);
      } else {
        for (int64_t x = 0; x < out_w; ++x) Group<1, 4>(x, b, out + x * c_n, count);
      }
    }
  }

 private:
  int KernelW() const { return kKernelW > 0 ? kKernelW : kernel_w_; }
  int Stride() const { return kStride > 0 ? kStride : stride_; }

  // Output pixels x0..x0+kPixels-1 of block b, stored at dst + p * channels.
  // A fused multiply-add takes 4 cycles and two issue per cycle, so 8
  // chains keep the units busy: fewer pixels split their sums over kernel
  // rows (row r adds into sum r % kSums; the sums stay exact integers).
  template <int kPixels, int kSums>
  void Group(int64_t x0, int64_t b, uint8_t* dst, int64_t count) const {
    __m256 acc[kSums][kPixels];
    const __m256 bias = a_.int_bias != nullptr ? _mm256_setzero_ps() : _mm256_loadu_ps(a_.bias + b * kBlock);
#pragma GCC unroll 8
    for (int p = 0; p < kPixels; ++p) {
      acc[0][p] = bias;
#pragma GCC unroll 4
      for (int s = 1; s < kSums; ++s) acc[s][p] = _mm256_setzero_ps();
    }
    for (int r = 0; r < a_.rows; ++r) {
      const float* in = rows_[r] + (b * a_.columns + x0 * Stride()) * kBlock;
      const float* w = a_.weights + (b * a_.rows + r) * KernelW() * kBlock;
      AddRow<kPixels>(acc[r % kSums], in, w);
    }
#pragma GCC unroll 4
    for (int s = 1; s < kSums; ++s) {
#pragma GCC unroll 8
      for (int p = 0; p < kPixels; ++p) acc[0][p] = _mm256_add_ps(acc[0][p], acc[s][p]);
    }
    __m256i q[kPixels];
    const __m256 scale = _mm256_loadu_ps(a_.scales + b * kBlock);
#pragma GCC unroll 8
    for (int p = 0; p < kPixels; ++p) {
      __m256 v = acc[0][p];
      if (a_.int_bias != nullptr) {
        v = _mm256_cvtepi32_ps(
            _mm256_add_epi32(_mm256_cvtps_epi32(v),
                             _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a_.int_bias + b * kBlock))));
      }
      q[p] = Requantize<kActivation>(a_, _mm256_mul_ps(v, scale));
    }
    if constexpr (kPixels == 1) {
      StoreVector<kDstSigned>(q[0], a_.epilogue.zero_point, dst, count);
    } else {
#pragma GCC unroll 2
      for (int p = 0; p < kPixels; p += 4) StoreFour(q + p, dst + p * a_.channels, count);
    }
  }

  // One kernel row: weights in registers, each source column loaded once.
  template <int kPixels>
  void AddRow(__m256* acc, const float* in, const float* w) const {
    if constexpr (kKernelW > 0) {
      static_assert(kStride > 0, "dispatched with a compile-time width only");
      constexpr int kColumns = (kPixels - 1) * kStride + kKernelW;
      __m256 weights[kKernelW];
#pragma GCC unroll 8
      for (int k = 0; k < kKernelW; ++k) weights[k] = _mm256_loadu_ps(w + k * kBlock);
#pragma GCC unroll 32
      for (int c = 0; c < kColumns; ++c) {
        const __m256 v = _mm256_loadu_ps(in + c * kBlock);
#pragma GCC unroll 8
        for (int p = 0; p < kPixels; ++p) {
          const int k = c - p * kStride;
          if (k >= 0 && k < kKernelW) acc[p] = _mm256_fmadd_ps(v, weights[k], acc[p]);
        }
      }
    } else {
      for (int k = 0; k < kernel_w_; ++k) {
        const __m256 weight = _mm256_loadu_ps(w + k * kBlock);
        for (int p = 0; p < kPixels; ++p)
          acc[p] = _mm256_fmadd_ps(_mm256_loadu_ps(in + (p * stride_ + k) * kBlock), weight, acc[p]);
      }
    }
  }

  // Pixels q[0..3]'s `count` bytes at dst + p * channels.
  void StoreFour(const __m256i* q, uint8_t* dst, int64_t count) const {
    const __m256i zero_point = _mm256_set1_epi16(static_cast<int16_t>(a_.epilogue.zero_point));
    const __m256i q01 = _mm256_adds_epi16(_mm256_packs_epi32(q[0], q[1]), zero_point);
    const __m256i q23 = _mm256_adds_epi16(_mm256_packs_epi32(q[2], q[3]), zero_point);
    const __m256i packed = kDstSigned ? _mm256_packs_epi16(q01, q23) : _mm256_packus_epi16(q01, q23);
    // Per 128-bit lane the packs leave dword j = pixel j's four channels
    // (low lane: channels 0-3, high lane: 4-7); the permute groups them by
    // pixel.
    const __m256i by_pixel = _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    const int64_t stride = a_.channels;
    if (count == kBlock) {
      const __m128i p01 = _mm256_castsi256_si128(by_pixel), p23 = _mm256_extracti128_si256(by_pixel, 1);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst), p01);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + stride), _mm_unpackhi_epi64(p01, p01));
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 2 * stride), p23);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 3 * stride), _mm_unpackhi_epi64(p23, p23));
      return;
    }
    alignas(32) uint8_t out[32];
    _mm256_store_si256(reinterpret_cast<__m256i*>(out), by_pixel);
    for (int p = 0; p < 4; ++p) std::memcpy(dst + p * stride, out + p * kBlock, count);
  }

  const DepthwiseFloatArgs& a_;
  const float* const* rows_;
  const int kernel_w_, stride_;
};

template <int kActivation, bool kDstSigned, int kKernelW>
void DispatchStride(const DepthwiseFloatArgs& a, const float* const* rows, uint8_t* dst) {
  switch (a.stride) {
    case 1:
      return FloatRowConv<kActivation, kDstSigned, kKernelW, 1>(a, rows).Run(dst);
    case 2:
      return FloatRowConv<kActivation, kDstSigned, kKernelW, 2>(a, rows).Run(dst);
    default:
      return FloatRowConv<kActivation, kDstSigned, 0, 0>(a, rows).Run(dst);
  }
}

template <int kActivation, bool kDstSigned>
void DispatchKernelWidth(const DepthwiseFloatArgs& a, const float* const* rows, uint8_t* dst) {
  switch (a.kernel_w) {
    case 3:
      return DispatchStride<kActivation, kDstSigned, 3>(a, rows, dst);
    case 5:
      return DispatchStride<kActivation, kDstSigned, 5>(a, rows, dst);
    default:
      return FloatRowConv<kActivation, kDstSigned, 0, 0>(a, rows).Run(dst);
  }
}

template <int kActivation>
void DispatchSign(const DepthwiseFloatArgs& a, const float* const* rows, uint8_t* dst) {
  if (a.epilogue.dst_signed) return DispatchKernelWidth<kActivation, true>(a, rows, dst);
  DispatchKernelWidth<kActivation, false>(a, rows, dst);
}

// DepthwisePointwiseAvx2, pixel after pixel: 32 channels per step (four
// vectors, one 32-byte store), then 8, then the last few through a buffer.
template <int kActivation, bool kDstSigned, bool kSrcSigned>
class PointwiseConv {
 public:
  explicit PointwiseConv(const DepthwisePointwiseArgs& a) : a_(a), c_(a.conv) {}

  void Run(const uint8_t* src, uint8_t* dst, int64_t pixels) const {
    const int64_t c_n = c_.channels;
    for (int64_t p = 0; p < pixels; ++p, src += a_.src_stride, dst += a_.dst_stride) {
      int64_t c = 0;
      for (; c + 4 * kBlock <= c_n; c += 4 * kBlock) {
        __m256i q[4];
#pragma GCC unroll 4
        for (int i = 0; i < 4; ++i) q[i] = Block(Load(src + c + i * kBlock), c + i * kBlock);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + c), PackFour(q));
      }
      for (; c + kBlock <= c_n; c += kBlock) Store(Block(Load(src + c), c), dst + c, kBlock);
      if (c < c_n) {
        alignas(16) uint8_t last[kBlock] = {};
        std::memcpy(last, src + c, c_n - c);
        Store(Block(Load(last), c), dst + c, c_n - c);
      }
    }
  }

 private:
  static __m256 Load(const uint8_t* bytes) {
    const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(bytes));
    return _mm256_cvtepi32_ps(kSrcSigned ? _mm256_cvtepi8_epi32(b) : _mm256_cvtepu8_epi32(b));
  }

  // Channels c..c+7 of one pixel, rounded, before the zero point.
  __m256i Block(__m256 x, int64_t c) const {
    const __m256 w = _mm256_loadu_ps(c_.weights + c);
    __m256 acc;
    if (c_.int_bias == nullptr) {
      acc = _mm256_fmadd_ps(x, w, _mm256_loadu_ps(c_.bias + c));
    } else {
      const __m256i bias = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(c_.int_bias + c));
      acc = _mm256_cvtepi32_ps(_mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(x, w)), bias));
    }
    return Requantize<kActivation>(c_, _mm256_mul_ps(acc, _mm256_loadu_ps(c_.scales + c)));
  }

  __m256i PackFour(const __m256i* q) const {
    const __m256i zero_point = _mm256_set1_epi16(static_cast<int16_t>(c_.epilogue.zero_point));
    const __m256i q01 = _mm256_adds_epi16(_mm256_packs_epi32(q[0], q[1]), zero_point);
    const __m256i q23 = _mm256_adds_epi16(_mm256_packs_epi32(q[2], q[3]), zero_point);
    const __m256i packed = kDstSigned ? _mm256_packs_epi16(q01, q23) : _mm256_packus_epi16(q01, q23);
    // Per 128-bit lane dword j holds vector j's four channels (low lane:
    // 0-3, high lane: 4-7); the permute puts them in channel order.
    return _mm256_permutevar8x32_epi32(packed, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  }

  void Store(__m256i q, uint8_t* dst, int64_t count) const {
    StoreVector<kDstSigned>(q, c_.epilogue.zero_point, dst, count);
  }

  const DepthwisePointwiseArgs& a_;
  const DepthwiseFloatArgs& c_;
};

template <int kActivation, bool kDstSigned>
void PointwiseBySource(const DepthwisePointwiseArgs& a, const uint8_t* src, uint8_t* dst, int64_t pixels) {
  if (a.src_signed) return PointwiseConv<kActivation, kDstSigned, true>(a).Run(src, dst, pixels);
  PointwiseConv<kActivation, kDstSigned, false>(a).Run(src, dst, pixels);
}

template <int kActivation>
void PointwiseByDestination(const DepthwisePointwiseArgs& a, const uint8_t* src, uint8_t* dst,
                            int64_t pixels) {
  if (a.conv.epilogue.dst_signed) return PointwiseBySource<kActivation, true>(a, src, dst, pixels);
  PointwiseBySource<kActivation, false>(a, src, dst, pixels);
}

template <bool kSrcSigned>
void FloatRow(const DepthwiseFloatRowArgs& a, const uint8_t* src_row, float* float_row) {
  const int64_t c_n = a.channels, blocks = (c_n + kBlock - 1) / kBlock;
  const __m256 zero_point = _mm256_set1_ps(static_cast<float>(a.zero_point));
  // Padded columns [inside, inside_end) are source columns.
  const int64_t inside = std::min<int64_t>(a.pad_left, a.columns),
                inside_end = std::clamp<int64_t>(a.in_w + a.pad_left, inside, a.columns);
  // Block after block, so that the stores run on (a row's blocks are too
  // many streams of stores for the CPU to combine).
  for (int64_t b = 0; b < blocks; ++b) {
    float* out = float_row + b * a.columns * kBlock;
    for (int64_t j = 0; j < inside; ++j) _mm256_storeu_ps(out + j * kBlock, zero_point);
    for (int64_t j = inside_end; j < a.columns; ++j) _mm256_storeu_ps(out + j * kBlock, zero_point);
    const uint8_t* column = src_row + (inside - a.pad_left) * c_n + b * kBlock;
    if ((b + 1) * kBlock <= c_n) {
      for (int64_t j = inside; j < inside_end; ++j, column += c_n) {
        const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(column));
        const __m256i values = kSrcSigned ? _mm256_cvtepi8_epi32(bytes) : _mm256_cvtepu8_epi32(bytes);
        _mm256_storeu_ps(out + j * kBlock, _mm256_cvtepi32_ps(values));
      }
      continue;
    }
    // The last channels; those past the last meet zero weights.
    for (int64_t j = inside; j < inside_end; ++j, column += c_n) {
      for (int64_t c = 0; c < kBlock; ++c) {
        float v = 0.f;
        if (b * kBlock + c < c_n) v = kSrcSigned ? static_cast<int8_t>(column[c]) : column[c];
        out[j * kBlock + c] = v;
      }
    }
  }
}

}  // namespace

void DepthwiseExpAvx2(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; i += 8) _mm256_storeu_ps(y + i, ExpAvx2(_mm256_loadu_ps(x + i)));
}

void DepthwiseFloatRowAvx2(const DepthwiseFloatRowArgs& a, const uint8_t* src_row, float* float_row) {
  if (a.src_signed) return FloatRow<true>(a, src_row, float_row);
  FloatRow<false>(a, src_row, float_row);
}

void DepthwiseFloatRowConvAvx2(const DepthwiseFloatArgs& a, const float* const* float_rows, uint8_t* dst) {
  switch (a.epilogue.activation) {
    case kHardSwish:
      return DispatchSign<kHardSwish>(a, float_rows, dst);
    case kSilu:
      return DispatchSign<kSilu>(a, float_rows, dst);
    default:
      return DispatchSign<kClampOnly>(a, float_rows, dst);
  }
}

void DepthwisePointwiseAvx2(const DepthwisePointwiseArgs& a, const uint8_t* src, uint8_t* dst,
                            int64_t pixels) {
  switch (a.conv.epilogue.activation) {
    case kHardSwish:
      return PointwiseByDestination<kHardSwish>(a, src, dst, pixels);
    case kSilu:
      return PointwiseByDestination<kSilu>(a, src, dst, pixels);
    default:
      return PointwiseByDestination<kClampOnly>(a, src, dst, pixels);
  }
}

}  // namespace mint8::x86
