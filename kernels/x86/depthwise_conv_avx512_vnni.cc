// DepthwiseConvInt8's AVX-512 VNNI loop. vpdpbusd sums four u8 x s8 products
// per s32 lane; with weights that are zero in three of each lane's four bytes
// it multiplies one channel per lane, exactly. Four such weight vectors
// (byte j of each lane non-zero, j = 0..3) turn one 64-byte load of 64
// channels into four accumulators, accumulator j holding channels 4i + j in
// lane i: no widening of the source. s8 sources are flipped to u8 (x ^ 0x80
// = x + 128) and the bias absorbs 128 * sum(w). Four output pixels share
// each weight load; one byte shuffle restores channel order on the way out.
// A last block of at most 32 channels would waste most of a 64-channel one:
// those take a widening loop (each byte to an s32 lane, vpdpwssd).
#include <immintrin.h>

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), a
// self-initialized variable its own -Wuninitialized then reports wherever
// they inline (GCC bug 105593, fixed in GCC 13): silenced for this file only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "kernels/x86/depthwise_conv_dispatch.h"
#include "kernels/x86/depthwise_conv_kernels.h"
#include "kernels/x86/vector_math_avx512.h"

namespace mint8::x86 {
namespace {

constexpr int kBlock = 64;  // channels per block: one vector of bytes

// Everything a block needs, copied out of the arguments so that stores
// through uint8_t* cannot force reloads.
template <int kActivation>
struct Loop {
  static constexpr int kActivationKind = kActivation;
  int64_t channels, bytewise_channels;
  int taps;
  const int32_t* weights;  // [block][tap][j][16]
  const int32_t* bias;     // [block][j][16]
  const float* scales;     // [block][j][16]
  const int32_t* tail_weights;
  const int32_t* tail_bias;
  const float* tail_scales;
  float post_scale;
  __m512 low, high;
  __m512i zero_point, flip, transpose;

  explicit Loop(const DepthwisePixelArgs& a)
      : channels(a.channels),
        bytewise_channels(a.bytewise_channels),
        taps(a.taps),
        weights(a.weights),
        bias(a.bias),
        scales(a.scales),
        tail_weights(a.tail_weights),
        tail_bias(a.tail_bias),
        tail_scales(a.tail_scales),
        post_scale(a.epilogue.post_scale),
        low(_mm512_set1_ps(a.epilogue.low)),
        high(_mm512_set1_ps(a.epilogue.high)),
        zero_point(_mm512_set1_epi32(a.epilogue.zero_point)),
        flip(_mm512_set1_epi8(static_cast<char>(0x80))),
        // Within each 16-byte lane the packs leave accumulator j's lane k at
        // byte 4j + k; channel order wants it at 4k + j.
        transpose(
            _mm512_broadcast_i32x4(_mm_setr_epi8(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15))) {}

  template <bool kSrcSigned>
  __m512i Source(const uint8_t* p, __mmask64 mask) const {
    const __m512i x = _mm512_maskz_loadu_epi8(mask, p);
    return kSrcSigned ? _mm512_xor_si512(x, flip) : x;
  }

  __m512i Requantize(__m512i acc, const float* scale) const {
    __m512 v = _mm512_mul_ps(_mm512_cvtepi32_ps(acc), _mm512_loadu_ps(scale));
    if constexpr (kActivation == kHardSwish) {
      // Constants made here: as members they cost the relu loops registers.
      const __m512 gate = _mm512_min_ps(
          _mm512_max_ps(_mm512_add_ps(v, _mm512_set1_ps(3.f)), _mm512_setzero_ps()), _mm512_set1_ps(6.f));
      v = _mm512_mul_ps(_mm512_mul_ps(_mm512_mul_ps(v, gate), _mm512_set1_ps(1.f / 6.f)),
                        _mm512_set1_ps(post_scale));
    } else if constexpr (kActivation == kSilu) {
      v = _mm512_mul_ps(SiluAvx512(v), _mm512_set1_ps(post_scale));
    }
    v = _mm512_min_ps(_mm512_max_ps(v, low), high);
    return _mm512_add_epi32(_mm512_cvtps_epi32(v), zero_point);
  }

  // Requantizes one pixel's four accumulators of block b and stores the
  // selected channels in order.
  template <bool kDstSigned>
  void Store(__m512i a0, __m512i a1, __m512i a2, __m512i a3, int64_t b, __mmask64 mask, uint8_t* out) const {
    const float* s = scales + b * 64;
    const __m512i q01 = _mm512_packs_epi32(Requantize(a0, s), Requantize(a1, s + 16));
    const __m512i q23 = _mm512_packs_epi32(Requantize(a2, s + 32), Requantize(a3, s + 48));
    const __m512i q = kDstSigned ? _mm512_packs_epi16(q01, q23) : _mm512_packus_epi16(q01, q23);
    _mm512_mask_storeu_epi8(out, mask, _mm512_shuffle_epi8(q, transpose));
  }
};

inline void Mac(__m512i& a0, __m512i& a1, __m512i& a2, __m512i& a3, __m512i x, __m512i w0, __m512i w1,
                __m512i w2, __m512i w3) {
  a0 = _mm512_dpbusd_epi32(a0, x, w0);
  a1 = _mm512_dpbusd_epi32(a1, x, w1);
  a2 = _mm512_dpbusd_epi32(a2, x, w2);
  a3 = _mm512_dpbusd_epi32(a3, x, w3);
}

// Four pixels (pixel p's tap k at taps[k] + p * step), block b, channels
// selected by `mask`. Sixteen named accumulators: gcc keeps an array of
// vectors on the stack.
template <bool kSrcSigned, bool kDstSigned, int kTaps, typename L>
void FourPixels(const L& l, const uint8_t* const* taps, int64_t step, int64_t b, __mmask64 mask,
                uint8_t* dst) {
  const int n_taps = kTaps > 0 ? kTaps : l.taps;
  const int32_t* bias = l.bias + b * 64;
  const __m512i b0 = _mm512_loadu_si512(bias), b1 = _mm512_loadu_si512(bias + 16),
                b2 = _mm512_loadu_si512(bias + 32), b3 = _mm512_loadu_si512(bias + 48);
  __m512i p00 = b0, p01 = b1, p02 = b2, p03 = b3, p10 = b0, p11 = b1, p12 = b2, p13 = b3;
  __m512i p20 = b0, p21 = b1, p22 = b2, p23 = b3, p30 = b0, p31 = b1, p32 = b2, p33 = b3;
  const int32_t* w = l.weights + b * n_taps * 64;
  const int64_t c = b * kBlock, step3 = 3 * step;
#pragma GCC unroll 25
  for (int k = 0; k < n_taps; ++k) {
    const int32_t* wk = w + k * 64;
    const __m512i w0 = _mm512_loadu_si512(wk), w1 = _mm512_loadu_si512(wk + 16),
                  w2 = _mm512_loadu_si512(wk + 32), w3 = _mm512_loadu_si512(wk + 48);
    const uint8_t* x = taps[k] + c;
    Mac(p00, p01, p02, p03, l.template Source<kSrcSigned>(x, mask), w0, w1, w2, w3);
    Mac(p10, p11, p12, p13, l.template Source<kSrcSigned>(x + step, mask), w0, w1, w2, w3);
    Mac(p20, p21, p22, p23, l.template Source<kSrcSigned>(x + 2 * step, mask), w0, w1, w2, w3);
    Mac(p30, p31, p32, p33, l.template Source<kSrcSigned>(x + step3, mask), w0, w1, w2, w3);
  }
  l.template Store<kDstSigned>(p00, p01, p02, p03, b, mask, dst + c);
  l.template Store<kDstSigned>(p10, p11, p12, p13, b, mask, dst + l.channels + c);
  l.template Store<kDstSigned>(p20, p21, p22, p23, b, mask, dst + 2 * l.channels + c);
  l.template Store<kDstSigned>(p30, p31, p32, p33, b, mask, dst + 3 * l.channels + c);
}

template <bool kSrcSigned, bool kDstSigned, typename L>
void OnePixel(const L& l, const uint8_t* const* taps, int64_t offset, int64_t b, __mmask64 mask,
              uint8_t* dst) {
  const int32_t* bias = l.bias + b * 64;
  __m512i a0 = _mm512_loadu_si512(bias), a1 = _mm512_loadu_si512(bias + 16),
          a2 = _mm512_loadu_si512(bias + 32), a3 = _mm512_loadu_si512(bias + 48);
  const int32_t* w = l.weights + b * l.taps * 64;
  const int64_t c = b * kBlock;
  for (int k = 0; k < l.taps; ++k) {
    const int32_t* wk = w + k * 64;
    Mac(a0, a1, a2, a3, l.template Source<kSrcSigned>(taps[k] + offset + c, mask), _mm512_loadu_si512(wk),
        _mm512_loadu_si512(wk + 16), _mm512_loadu_si512(wk + 32), _mm512_loadu_si512(wk + 48));
  }
  l.template Store<kDstSigned>(a0, a1, a2, a3, b, mask, dst + c);
}

template <bool kSrcSigned>
__m512i Widened(const uint8_t* p, __mmask16 mask) {
  const __m128i bytes = _mm_maskz_loadu_epi8(mask, p);
  return kSrcSigned ? _mm512_cvtepi8_epi32(bytes) : _mm512_cvtepu8_epi32(bytes);
}

// Tail channels [c, c + 16) selected by `mask` of four pixels, widened.
template <bool kSrcSigned, bool kDstSigned, typename L>
void TailFourPixels(const L& l, const uint8_t* const* taps, int64_t step, int64_t tail_block, __mmask16 mask,
                    uint8_t* dst) {
  const int64_t c = l.bytewise_channels + tail_block * 16;
  const __m512i bias = _mm512_loadu_si512(l.tail_bias + tail_block * 16);
  __m512i a0 = bias, a1 = bias, a2 = bias, a3 = bias;
  const int32_t* w = l.tail_weights + tail_block * l.taps * 16;
  for (int k = 0; k < l.taps; ++k) {
    const __m512i wk = _mm512_loadu_si512(w + k * 16);
    const uint8_t* x = taps[k] + c;
    a0 = _mm512_dpwssd_epi32(a0, Widened<kSrcSigned>(x, mask), wk);
    a1 = _mm512_dpwssd_epi32(a1, Widened<kSrcSigned>(x + step, mask), wk);
    a2 = _mm512_dpwssd_epi32(a2, Widened<kSrcSigned>(x + 2 * step, mask), wk);
    a3 = _mm512_dpwssd_epi32(a3, Widened<kSrcSigned>(x + 3 * step, mask), wk);
  }
  const float* s = l.tail_scales + tail_block * 16;
  // Per 128-bit lane the packs leave dword p = pixel p's channels 4i..4i+3;
  // the dword permute gives each pixel a lane of its own.
  const __m512i q01 = _mm512_packs_epi32(l.Requantize(a0, s), l.Requantize(a1, s));
  const __m512i q23 = _mm512_packs_epi32(l.Requantize(a2, s), l.Requantize(a3, s));
  const __m512i q = kDstSigned ? _mm512_packs_epi16(q01, q23) : _mm512_packus_epi16(q01, q23);
  const __m512i by_pixel =
      _mm512_permutexvar_epi32(_mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15), q);
  _mm_mask_storeu_epi8(dst + c, mask, _mm512_castsi512_si128(by_pixel));
  _mm_mask_storeu_epi8(dst + l.channels + c, mask, _mm512_extracti32x4_epi32(by_pixel, 1));
  _mm_mask_storeu_epi8(dst + 2 * l.channels + c, mask, _mm512_extracti32x4_epi32(by_pixel, 2));
  _mm_mask_storeu_epi8(dst + 3 * l.channels + c, mask, _mm512_extracti32x4_epi32(by_pixel, 3));
}

template <bool kSrcSigned, bool kDstSigned, typename L>
void TailOnePixel(const L& l, const uint8_t* const* taps, int64_t offset, int64_t tail_block, __mmask16 mask,
                  uint8_t* dst) {
  const int64_t c = l.bytewise_channels + tail_block * 16;
  __m512i acc = _mm512_loadu_si512(l.tail_bias + tail_block * 16);
  const int32_t* w = l.tail_weights + tail_block * l.taps * 16;
  for (int k = 0; k < l.taps; ++k) {
    acc = _mm512_dpwssd_epi32(acc, Widened<kSrcSigned>(taps[k] + offset + c, mask),
                              _mm512_loadu_si512(w + k * 16));
  }
  const __m512i q = l.Requantize(acc, l.tail_scales + tail_block * 16);
  if (kDstSigned) {
    _mm512_mask_cvtsepi32_storeu_epi8(dst + c, mask, q);
  } else {
    _mm512_mask_cvtusepi32_storeu_epi8(dst + c, mask,
                                       _mm512_maskz_max_epi32(0xFFFF, q, _mm512_setzero_si512()));
  }
}

template <int kActivation, bool kSrcSigned, bool kDstSigned, int kTaps>
void Pixels(const DepthwisePixelArgs& a, const uint8_t* const* taps, int64_t step, int64_t pixels,
            uint8_t* dst) {
  const Loop<kActivation> l(a);
  const int64_t blocks = (l.bytewise_channels + kBlock - 1) / kBlock;
  const int64_t left = l.bytewise_channels - (blocks - 1) * kBlock;
  const __mmask64 last = left == kBlock ? ~__mmask64{0} : (__mmask64{1} << left) - 1;
  const int64_t tail = l.channels - l.bytewise_channels, tail_blocks = (tail + 15) / 16;
  const auto tail_mask = [tail](int64_t tb) {
    const int64_t n = tail - tb * 16;
    return n >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << n) - 1);
  };
  int64_t p = 0;
  for (; p + 4 <= pixels; p += 4) {
    const uint8_t* shifted[kTaps > 0 ? kTaps : 64];
    for (int k = 0; k < l.taps; ++k) shifted[k] = taps[k] + p * step;
    uint8_t* out = dst + p * l.channels;
    for (int64_t b = 0; b < blocks; ++b) {
      FourPixels<kSrcSigned, kDstSigned, kTaps>(l, shifted, step, b, b + 1 < blocks ? ~__mmask64{0} : last,
                                                out);
    }
    for (int64_t tb = 0; tb < tail_blocks; ++tb) {
      TailFourPixels<kSrcSigned, kDstSigned>(l, shifted, step, tb, tail_mask(tb), out);
    }
  }
  for (; p < pixels; ++p) {
    uint8_t* out = dst + p * l.channels;
    for (int64_t b = 0; b < blocks; ++b) {
      OnePixel<kSrcSigned, kDstSigned>(l, taps, p * step, b, b + 1 < blocks ? ~__mmask64{0} : last, out);
    }
    for (int64_t tb = 0; tb < tail_blocks; ++tb) {
      TailOnePixel<kSrcSigned, kDstSigned>(l, taps, p * step, tb, tail_mask(tb), out);
    }
  }
}

}  // namespace

void DepthwiseExpAvx512Vnni(const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; i += 16) _mm512_storeu_ps(y + i, ExpAvx512(_mm512_loadu_ps(x + i)));
}

void DepthwisePixelsAvx512Vnni(const DepthwisePixelArgs& a, const uint8_t* const* taps, int64_t step,
                               int64_t pixels, uint8_t* dst) {
  DispatchDepthwise(a, [&](auto activation, auto src_signed, auto dst_signed, auto n_taps) {
    Pixels<decltype(activation)::value, decltype(src_signed)::value, decltype(dst_signed)::value,
           decltype(n_taps)::value>(a, taps, step, pixels, dst);
  });
}

}  // namespace mint8::x86
