// DepthwiseConvInt8's AVX2 loop: 8 channels per vector, each source byte
// widened to an s32 lane and multiplied by vpmaddwd against its weight (s8 in
// the lane's low half, zero in the high half), so the products are exact
// (oneDNN's AVX2 INT8 kernels pair u8*s8 products in a saturating s16).
// Four output pixels share each weight load and one packed store sequence;
// channels past the last multiple of 8 take a scalar loop of the same math.
#include <immintrin.h>

#include "kernels/x86/depthwise_conv_dispatch.h"
#include "kernels/x86/depthwise_conv_kernels.h"

namespace mint8::x86 {
namespace {

constexpr int kBlock = 8;

template <bool kSrcSigned>
__m256i Load(const uint8_t* p) {
  const __m128i bytes = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(p));
  return kSrcSigned ? _mm256_cvtepi8_epi32(bytes) : _mm256_cvtepu8_epi32(bytes);
}

// DepthwiseExp (depthwise_conv_kernels.h), the same operations in the same
// order.
__m256 Exp(__m256 x) {
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(kExpLog2E)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_sub_ps(x, _mm256_mul_ps(n, _mm256_set1_ps(kExpLn2High)));
  r = _mm256_sub_ps(r, _mm256_mul_ps(n, _mm256_set1_ps(kExpLn2Low)));
  __m256 p = _mm256_set1_ps(kExpPolynomial[0]);
#pragma GCC unroll 8
  for (size_t i = 1; i < sizeof(kExpPolynomial) / sizeof(kExpPolynomial[0]); ++i)
    p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(kExpPolynomial[i]));
  const __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  return _mm256_mul_ps(p, _mm256_castsi256_ps(bits));
}

// Everything a block needs, copied out of the arguments so that stores
// through uint8_t* cannot force reloads.
template <int kActivation>
struct Loop {
  static constexpr int kActivationKind = kActivation;
  int64_t channels;
  int taps;
  const int32_t* weights;
  const int32_t* bias;
  const float* scales;
  const DepthwiseEpilogue* epilogue;
  float post_scale_value;
  __m256 low, high;
  __m256i zero_point;

  explicit Loop(const DepthwisePixelArgs& a)
      : channels(a.channels),
        taps(a.taps),
        weights(a.weights),
        bias(a.bias),
        scales(a.scales),
        epilogue(&a.epilogue),
        post_scale_value(a.epilogue.post_scale),
        low(_mm256_set1_ps(a.epilogue.low)),
        high(_mm256_set1_ps(a.epilogue.high)),
        zero_point(_mm256_set1_epi32(a.epilogue.zero_point)) {}

  __m256i Requantize(__m256i acc, __m256 scale) const {
    __m256 v = _mm256_mul_ps(_mm256_cvtepi32_ps(acc), scale);
    if constexpr (kActivation == kHardSwish) {
      // Constants made here: as members they cost the relu loops registers.
      const __m256 gate = _mm256_min_ps(
          _mm256_max_ps(_mm256_add_ps(v, _mm256_set1_ps(3.f)), _mm256_setzero_ps()), _mm256_set1_ps(6.f));
      v = _mm256_mul_ps(_mm256_mul_ps(_mm256_mul_ps(v, gate), _mm256_set1_ps(1.f / 6.f)),
                        _mm256_set1_ps(post_scale_value));
    } else if constexpr (kActivation == kSilu) {
      const __m256 x = _mm256_min_ps(
          _mm256_max_ps(_mm256_xor_ps(v, _mm256_set1_ps(-0.f)), _mm256_set1_ps(-87.f)), _mm256_set1_ps(87.f));
      v = _mm256_mul_ps(_mm256_div_ps(v, _mm256_add_ps(_mm256_set1_ps(1.f), Exp(x))),
                        _mm256_set1_ps(post_scale_value));
    }
    v = _mm256_min_ps(_mm256_max_ps(v, low), high);
    return _mm256_add_epi32(_mm256_cvtps_epi32(v), zero_point);
  }
};

template <bool kDstSigned>
__m128i PackBytes(__m128i a, __m128i b) {
  return kDstSigned ? _mm_packs_epi16(a, b) : _mm_packus_epi16(a, b);
}

// Four pixels of the full block at channel c (see the AVX-512 variant).
template <bool kSrcSigned, bool kDstSigned, int kTaps, typename L>
void FourPixels(const L& l, const uint8_t* const* taps, int64_t step, int64_t c, uint8_t* dst) {
  const int n_taps = kTaps > 0 ? kTaps : l.taps;
  const __m256i bias = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(l.bias + c));
  __m256i acc0 = bias, acc1 = bias, acc2 = bias, acc3 = bias;
  const int32_t* w = l.weights + (c / kBlock) * n_taps * kBlock;
  const int64_t step3 = 3 * step;
#pragma GCC unroll 25
  for (int k = 0; k < n_taps; ++k) {
    const __m256i wk = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + k * kBlock));
    const uint8_t* x = taps[k] + c;
    acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(Load<kSrcSigned>(x), wk));
    acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(Load<kSrcSigned>(x + step), wk));
    acc2 = _mm256_add_epi32(acc2, _mm256_madd_epi16(Load<kSrcSigned>(x + 2 * step), wk));
    acc3 = _mm256_add_epi32(acc3, _mm256_madd_epi16(Load<kSrcSigned>(x + step3), wk));
  }
  const __m256 scale = _mm256_loadu_ps(l.scales + c);
  // Per 128-bit lane the packs leave dword j = pixel j's four channels (low
  // lane: channels 0-3, high lane: 4-7); the permute groups them by pixel.
  const __m256i q01 = _mm256_packs_epi32(l.Requantize(acc0, scale), l.Requantize(acc1, scale));
  const __m256i q23 = _mm256_packs_epi32(l.Requantize(acc2, scale), l.Requantize(acc3, scale));
  const __m256i q = kDstSigned ? _mm256_packs_epi16(q01, q23) : _mm256_packus_epi16(q01, q23);
  const __m256i by_pixel = _mm256_permutevar8x32_epi32(q, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
  const __m128i p01 = _mm256_castsi256_si128(by_pixel), p23 = _mm256_extracti128_si256(by_pixel, 1);
  const int64_t out = l.channels;
  _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + c), p01);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + out + c), _mm_unpackhi_epi64(p01, p01));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 2 * out + c), p23);
  _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 3 * out + c), _mm_unpackhi_epi64(p23, p23));
}

template <bool kSrcSigned, bool kDstSigned, typename L>
void OnePixel(const L& l, const uint8_t* const* taps, int64_t offset, int64_t c, uint8_t* dst) {
  __m256i acc = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(l.bias + c));
  const int32_t* w = l.weights + (c / kBlock) * l.taps * kBlock;
  for (int k = 0; k < l.taps; ++k) {
    const __m256i wk = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(w + k * kBlock));
    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(Load<kSrcSigned>(taps[k] + offset + c), wk));
  }
  const __m256i q = l.Requantize(acc, _mm256_loadu_ps(l.scales + c));
  const __m128i q16 = _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
  _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + c), PackBytes<kDstSigned>(q16, q16));
}

// Channels [from, channels) of one pixel, one at a time, the epilogue being
// the reference's (compiled portably, in depthwise_conv.cc).
template <bool kSrcSigned, typename L>
void ScalarTail(const L& l, const uint8_t* const* taps, int64_t offset, int64_t from, uint8_t* dst) {
  for (int64_t c = from; c < l.channels; ++c) {
    int32_t acc = l.bias[c];
    const int32_t* w = l.weights + (c / kBlock) * l.taps * kBlock + c % kBlock;
    for (int k = 0; k < l.taps; ++k) {
      const uint8_t byte = taps[k][offset + c];
      const int32_t x = kSrcSigned ? static_cast<int8_t>(byte) : byte;
      acc += x * static_cast<int16_t>(w[k * kBlock]);
    }
    dst[c] = DepthwiseRequantize(*l.epilogue, acc, l.scales[c]);
  }
}

template <int kActivation, bool kSrcSigned, bool kDstSigned, int kTaps>
void Pixels(const DepthwisePixelArgs& a, const uint8_t* const* taps, int64_t step, int64_t pixels,
            uint8_t* dst) {
  const Loop<kActivation> l(a);
  const int64_t full = l.channels / kBlock * kBlock;
  int64_t p = 0;
  for (; p + 4 <= pixels; p += 4) {
    uint8_t* out = dst + p * l.channels;
    const uint8_t* shifted[kTaps > 0 ? kTaps : 64];
    for (int k = 0; k < l.taps; ++k) shifted[k] = taps[k] + p * step;
    for (int64_t c = 0; c < full; c += kBlock) {
      FourPixels<kSrcSigned, kDstSigned, kTaps>(l, shifted, step, c, out);
    }
  }
  for (; p < pixels; ++p) {
    for (int64_t c = 0; c < full; c += kBlock) {
      OnePixel<kSrcSigned, kDstSigned>(l, taps, p * step, c, dst + p * l.channels);
    }
  }
  if (full == l.channels) return;
  for (int64_t q = 0; q < pixels; ++q) {
    ScalarTail<kSrcSigned>(l, taps, q * step, full, dst + q * l.channels);
  }
}

}  // namespace

void DepthwiseExpAvx2(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; i += 8) _mm256_storeu_ps(y + i, Exp(_mm256_loadu_ps(x + i)));
}

void DepthwisePixelsAvx2(const DepthwisePixelArgs& a, const uint8_t* const* taps, int64_t step,
                         int64_t pixels, uint8_t* dst) {
  DispatchDepthwise(a, [&](auto activation, auto src_signed, auto dst_signed, auto n_taps) {
    Pixels<decltype(activation)::value, decltype(src_signed)::value, decltype(dst_signed)::value,
           decltype(n_taps)::value>(a, taps, step, pixels, dst);
  });
}

}  // namespace mint8::x86
