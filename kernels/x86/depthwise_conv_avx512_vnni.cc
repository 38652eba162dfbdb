// DepthwiseConvInt8's AVX-512 VNNI loop: 16 channels per vector, each source
// byte widened to an s32 lane and multiplied by vpdpwssd against its weight
// (s8 in the lane's low half, zero in the high half: the product is exact).
// Four output pixels share each weight load and one packed store sequence.
#include <immintrin.h>

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), a
// self-initialized variable its own -Wuninitialized then reports wherever
// they inline (GCC bug 105593, fixed in GCC 13): silenced for this file only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "kernels/x86/depthwise_conv_kernels.h"

namespace mint8::x86 {
namespace {

constexpr int kBlock = 16;
constexpr int kGroup = 4;  // output pixels sharing each weight load

template <bool kSrcSigned>
__m512i Load(const uint8_t* p) {
  const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return kSrcSigned ? _mm512_cvtepi8_epi32(bytes) : _mm512_cvtepu8_epi32(bytes);
}

template <bool kSrcSigned>
__m512i LoadMasked(const uint8_t* p, __mmask16 mask) {
  const __m128i bytes = _mm_maskz_loadu_epi8(mask, p);
  return kSrcSigned ? _mm512_cvtepi8_epi32(bytes) : _mm512_cvtepu8_epi32(bytes);
}

// Everything a block needs, copied out of the arguments so that stores
// through uint8_t* cannot force reloads.
struct Loop {
  int64_t channels;
  int taps;
  const int32_t* weights;
  const int32_t* bias;
  const float* scales;
  __m512 low, high;
  __m512i zero_point;

  explicit Loop(const DepthwisePixelArgs& a)
      : channels(a.channels),
        taps(a.taps),
        weights(a.weights),
        bias(a.bias),
        scales(a.scales),
        low(_mm512_set1_ps(a.low)),
        high(_mm512_set1_ps(a.high)),
        zero_point(_mm512_set1_epi32(a.dst_zero_point)) {}

  // The output's s32 values (zero point added) of accumulators `acc`.
  __m512i Requantize(__m512i acc, __m512 scale) const {
    __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(acc), scale);
    v = _mm512_min_ps(_mm512_max_ps(v, low), high);
    return _mm512_add_epi32(_mm512_cvtps_epi32(v), zero_point);
  }
};

// Stores four pixels' requantized values at dst, dst + channels, ...
template <bool kDstSigned>
void StoreFour(const Loop& l, __m512i acc0, __m512i acc1, __m512i acc2, __m512i acc3, __m512 scale,
               uint8_t* dst) {
  // Saturating packs interleave the four pixels per 128-bit lane (dword j of
  // lane i is pixel j's channels 4i..4i+3); one dword permute puts each
  // pixel's 16 bytes in a lane of its own.
  const __m512i q01 = _mm512_packs_epi32(l.Requantize(acc0, scale), l.Requantize(acc1, scale));
  const __m512i q23 = _mm512_packs_epi32(l.Requantize(acc2, scale), l.Requantize(acc3, scale));
  const __m512i q = kDstSigned ? _mm512_packs_epi16(q01, q23) : _mm512_packus_epi16(q01, q23);
  const __m512i by_pixel =
      _mm512_permutexvar_epi32(_mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), q);
  const int64_t out = l.channels;
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst), _mm512_castsi512_si128(by_pixel));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + out), _mm512_extracti32x4_epi32(by_pixel, 1));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 2 * out), _mm512_extracti32x4_epi32(by_pixel, 2));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 3 * out), _mm512_extracti32x4_epi32(by_pixel, 3));
}

// kGroup (4) pixels of the full block at channel c, pixel p's tap k at
// taps[k] + p * step + c, written to dst + p * channels + c. (Eight pixels
// measured slower: more of a narrow row falls to the one-pixel path.)
template <bool kSrcSigned, bool kDstSigned, int kTaps>
void PixelGroup(const Loop& l, const uint8_t* const* taps, int64_t step, int64_t c, uint8_t* dst) {
  const int n_taps = kTaps > 0 ? kTaps : l.taps;
  const __m512i bias = _mm512_loadu_si512(l.bias + c);
  // Named accumulators: gcc keeps an array of vectors on the stack.
  __m512i acc0 = bias, acc1 = bias, acc2 = bias, acc3 = bias;
  const int32_t* w = l.weights + (c / kBlock) * n_taps * kBlock;
  const int64_t step3 = 3 * step;
#pragma GCC unroll 9
  for (int k = 0; k < n_taps; ++k) {
    const __m512i wk = _mm512_loadu_si512(w + k * kBlock);
    const uint8_t* x = taps[k] + c;
    acc0 = _mm512_dpwssd_epi32(acc0, Load<kSrcSigned>(x), wk);
    acc1 = _mm512_dpwssd_epi32(acc1, Load<kSrcSigned>(x + step), wk);
    acc2 = _mm512_dpwssd_epi32(acc2, Load<kSrcSigned>(x + 2 * step), wk);
    acc3 = _mm512_dpwssd_epi32(acc3, Load<kSrcSigned>(x + step3), wk);
  }
  StoreFour<kDstSigned>(l, acc0, acc1, acc2, acc3, _mm512_loadu_ps(l.scales + c), dst + c);
}

// One pixel, the channels of block c that `mask` selects.
template <bool kSrcSigned, bool kDstSigned>
void OnePixel(const Loop& l, const uint8_t* const* taps, int64_t offset, int64_t c, __mmask16 mask,
              uint8_t* dst) {
  __m512i acc = _mm512_maskz_loadu_epi32(mask, l.bias + c);
  const int32_t* w = l.weights + (c / kBlock) * l.taps * kBlock;
  for (int k = 0; k < l.taps; ++k) {
    acc = _mm512_dpwssd_epi32(acc, LoadMasked<kSrcSigned>(taps[k] + offset + c, mask),
                              _mm512_loadu_si512(w + k * kBlock));
  }
  const __m512i q = l.Requantize(acc, _mm512_maskz_loadu_ps(mask, l.scales + c));
  if (kDstSigned) {
    _mm512_mask_cvtsepi32_storeu_epi8(dst + c, mask, q);
  } else {
    _mm512_mask_cvtusepi32_storeu_epi8(dst + c, mask,
                                       _mm512_maskz_max_epi32(0xFFFF, q, _mm512_setzero_si512()));
  }
}

template <bool kSrcSigned, bool kDstSigned, int kTaps>
void Pixels(const DepthwisePixelArgs& a, const uint8_t* const* taps, int64_t step, int64_t pixels,
            uint8_t* dst) {
  const Loop l(a);
  const int64_t full = l.channels / kBlock * kBlock;
  const __mmask16 tail = static_cast<__mmask16>((1u << (l.channels - full)) - 1);
  int64_t p = 0;
  for (; p + kGroup <= pixels; p += kGroup) {
    uint8_t* out = dst + p * l.channels;
    const int64_t offset = p * step;
    const uint8_t* shifted[kTaps > 0 ? kTaps : 64];
    for (int k = 0; k < l.taps; ++k) shifted[k] = taps[k] + offset;
    for (int64_t c = 0; c < full; c += kBlock) {
      PixelGroup<kSrcSigned, kDstSigned, kTaps>(l, shifted, step, c, out);
    }
    if (tail == 0) continue;
    for (int q = 0; q < kGroup; ++q) {
      OnePixel<kSrcSigned, kDstSigned>(l, taps, offset + q * step, full, tail, out + q * l.channels);
    }
  }
  for (; p < pixels; ++p) {
    for (int64_t c = 0; c < full; c += kBlock) {
      OnePixel<kSrcSigned, kDstSigned>(l, taps, p * step, c, 0xFFFF, dst + p * l.channels);
    }
    if (tail != 0) OnePixel<kSrcSigned, kDstSigned>(l, taps, p * step, full, tail, dst + p * l.channels);
  }
}

template <bool kSrcSigned, bool kDstSigned>
void PixelsForTaps(const DepthwisePixelArgs& a, const uint8_t* const* taps, int64_t step, int64_t pixels,
                   uint8_t* dst) {
  switch (a.taps) {
    case 9:
      return Pixels<kSrcSigned, kDstSigned, 9>(a, taps, step, pixels, dst);
    case 25:
      return Pixels<kSrcSigned, kDstSigned, 25>(a, taps, step, pixels, dst);
    default:
      return Pixels<kSrcSigned, kDstSigned, 0>(a, taps, step, pixels, dst);
  }
}

}  // namespace

void DepthwisePixelsAvx512Vnni(const DepthwisePixelArgs& a, const uint8_t* const* taps, int64_t step,
                               int64_t pixels, uint8_t* dst) {
  if (a.src_signed) {
    return a.dst_signed ? PixelsForTaps<true, true>(a, taps, step, pixels, dst)
                        : PixelsForTaps<true, false>(a, taps, step, pixels, dst);
  }
  return a.dst_signed ? PixelsForTaps<false, true>(a, taps, step, pixels, dst)
                      : PixelsForTaps<false, false>(a, taps, step, pixels, dst);
}

}  // namespace mint8::x86
