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
//
// That tap-pointer loop still does one useful product per byte lane, as
// FP32 does per float lane. For horizontal strides 1 and 2 a second loop
// reads quad rows instead (depthwise_conv_kernels.h): each source row is
// rewritten once so that a lane's four bytes are four horizontal taps of
// one channel, and vpdpbusd sums all four (a 3x3 kernel: 3 instructions per
// 16 channels and pixel instead of 9; 5x5: 10 instead of 25). The
// interleave's lane order is undone by the packs of the epilogue.
#include "kernels/x86/x86_intrinsics.h"

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

// The requantization of depthwise_conv.h on 16 accumulators.
template <int kActivation>
struct Epilogue {
  float post_scale;
  __m512 low, high;
  __m512i zero_point;

  explicit Epilogue(const DepthwiseEpilogue& e)
      : post_scale(e.post_scale),
        low(_mm512_set1_ps(e.low)),
        high(_mm512_set1_ps(e.high)),
        zero_point(_mm512_set1_epi32(e.zero_point)) {}

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

  // Accumulators a0..a3 (scales s, s + 16, s + 32, s + 48) as 64 bytes:
  // within each 16-byte lane, the four s32 lanes of a0, then a1's, a2's, a3's.
  template <bool kDstSigned>
  __m512i Pack(__m512i a0, __m512i a1, __m512i a2, __m512i a3, const float* s) const {
    const __m512i q01 = _mm512_packs_epi32(Requantize(a0, s), Requantize(a1, s + 16));
    const __m512i q23 = _mm512_packs_epi32(Requantize(a2, s + 32), Requantize(a3, s + 48));
    return kDstSigned ? _mm512_packs_epi16(q01, q23) : _mm512_packus_epi16(q01, q23);
  }
};

// Everything a block needs, copied out of the arguments so that stores
// through uint8_t* cannot force reloads.
template <int kActivation>
struct Loop : Epilogue<kActivation> {
  static constexpr int kActivationKind = kActivation;
  int64_t channels, bytewise_channels;
  int taps;
  const int32_t* weights;  // [block][tap][j][16]
  const int32_t* bias;     // [block][j][16]
  const float* scales;     // [block][j][16]
  const int32_t* tail_weights;
  const int32_t* tail_bias;
  const float* tail_scales;
  __m512i flip, transpose;

  explicit Loop(const DepthwisePixelArgs& a)
      : Epilogue<kActivation>(a.epilogue),
        channels(a.channels),
        bytewise_channels(a.bytewise_channels),
        taps(a.taps),
        weights(a.weights),
        bias(a.bias),
        scales(a.scales),
        tail_weights(a.tail_weights),
        tail_bias(a.tail_bias),
        tail_scales(a.tail_scales),
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

  // Requantizes one pixel's four accumulators of block b and stores the
  // selected channels in order.
  template <bool kDstSigned>
  void Store(__m512i a0, __m512i a1, __m512i a2, __m512i a3, int64_t b, __mmask64 mask, uint8_t* out) const {
    const __m512i q = this->template Pack<kDstSigned>(a0, a1, a2, a3, scales + b * 64);
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

// Quad rows (DepthwiseQuadRowArgs): 4 source vectors of 64 channels, from
// columns j..j+3, interleaved bytewise then wordwise within 16-byte lanes.
void StoreQuads(__m512i x0, __m512i x1, __m512i x2, __m512i x3, uint8_t* out) {
  const __m512i lo01 = _mm512_unpacklo_epi8(x0, x1), hi01 = _mm512_unpackhi_epi8(x0, x1);
  const __m512i lo23 = _mm512_unpacklo_epi8(x2, x3), hi23 = _mm512_unpackhi_epi8(x2, x3);
  _mm512_storeu_si512(out, _mm512_unpacklo_epi16(lo01, lo23));
  _mm512_storeu_si512(out + 64, _mm512_unpackhi_epi16(lo01, lo23));
  _mm512_storeu_si512(out + 128, _mm512_unpacklo_epi16(hi01, hi23));
  _mm512_storeu_si512(out + 192, _mm512_unpackhi_epi16(hi01, hi23));
}

constexpr int kMaxQuadSteps = 14;  // 7 kernel rows of 2 quads

// One pixel's quad of block b at x: accumulator k += vector k x weights k.
inline void QuadMac(__m512i& a0, __m512i& a1, __m512i& a2, __m512i& a3, const uint8_t* x, __m512i w0,
                    __m512i w1, __m512i w2, __m512i w3) {
  a0 = _mm512_dpbusd_epi32(a0, _mm512_loadu_si512(x), w0);
  a1 = _mm512_dpbusd_epi32(a1, _mm512_loadu_si512(x + 64), w1);
  a2 = _mm512_dpbusd_epi32(a2, _mm512_loadu_si512(x + 128), w2);
  a3 = _mm512_dpbusd_epi32(a3, _mm512_loadu_si512(x + 192), w3);
}

// Output pixels [ow, ow + 4) of block b. Sixteen named accumulators: with
// an array gcc keeps them on the stack once the 5x5 loop is unrolled.
template <int kActivation, bool kDstSigned, int kSteps>
void QuadFourPixels(const DepthwiseQuadArgs& a, const Epilogue<kActivation>& e, const uint8_t* const* base,
                    int64_t pixel_bytes, int64_t ow, int64_t b, __mmask64 mask, uint8_t* dst) {
  const int steps = kSteps > 0 ? kSteps : a.rows * a.quads;
  const int32_t* bias = a.bias + b * 64;
  const __m512i b0 = _mm512_loadu_si512(bias), b1 = _mm512_loadu_si512(bias + 16),
                b2 = _mm512_loadu_si512(bias + 32), b3 = _mm512_loadu_si512(bias + 48);
  __m512i p00 = b0, p01 = b1, p02 = b2, p03 = b3, p10 = b0, p11 = b1, p12 = b2, p13 = b3;
  __m512i p20 = b0, p21 = b1, p22 = b2, p23 = b3, p30 = b0, p31 = b1, p32 = b2, p33 = b3;
  const int32_t* w = a.weights + b * steps * 64;
  const int64_t offset = ow * pixel_bytes + b * 256;
#pragma GCC unroll 10
  for (int s = 0; s < steps; ++s) {
    const int32_t* ws = w + s * 64;
    const __m512i w0 = _mm512_loadu_si512(ws), w1 = _mm512_loadu_si512(ws + 16),
                  w2 = _mm512_loadu_si512(ws + 32), w3 = _mm512_loadu_si512(ws + 48);
    const uint8_t* x = base[s] + offset;
    QuadMac(p00, p01, p02, p03, x, w0, w1, w2, w3);
    QuadMac(p10, p11, p12, p13, x + pixel_bytes, w0, w1, w2, w3);
    QuadMac(p20, p21, p22, p23, x + 2 * pixel_bytes, w0, w1, w2, w3);
    QuadMac(p30, p31, p32, p33, x + 3 * pixel_bytes, w0, w1, w2, w3);
  }
  const float* scales = a.scales + b * 64;
  uint8_t* out = dst + ow * a.channels + b * 64;
  _mm512_mask_storeu_epi8(out, mask, e.template Pack<kDstSigned>(p00, p01, p02, p03, scales));
  _mm512_mask_storeu_epi8(out + a.channels, mask, e.template Pack<kDstSigned>(p10, p11, p12, p13, scales));
  _mm512_mask_storeu_epi8(out + 2 * a.channels, mask,
                          e.template Pack<kDstSigned>(p20, p21, p22, p23, scales));
  _mm512_mask_storeu_epi8(out + 3 * a.channels, mask,
                          e.template Pack<kDstSigned>(p30, p31, p32, p33, scales));
}

template <int kActivation, bool kDstSigned>
void QuadOnePixel(const DepthwiseQuadArgs& a, const Epilogue<kActivation>& e, const uint8_t* const* base,
                  int64_t pixel_bytes, int64_t ow, int64_t b, __mmask64 mask, uint8_t* dst) {
  const int steps = a.rows * a.quads;
  const int32_t* bias = a.bias + b * 64;
  __m512i a0 = _mm512_loadu_si512(bias), a1 = _mm512_loadu_si512(bias + 16),
          a2 = _mm512_loadu_si512(bias + 32), a3 = _mm512_loadu_si512(bias + 48);
  const int32_t* w = a.weights + b * steps * 64;
  const int64_t offset = ow * pixel_bytes + b * 256;
  for (int s = 0; s < steps; ++s) {
    const int32_t* ws = w + s * 64;
    QuadMac(a0, a1, a2, a3, base[s] + offset, _mm512_loadu_si512(ws), _mm512_loadu_si512(ws + 16),
            _mm512_loadu_si512(ws + 32), _mm512_loadu_si512(ws + 48));
  }
  _mm512_mask_storeu_epi8(dst + ow * a.channels + b * 64, mask,
                          e.template Pack<kDstSigned>(a0, a1, a2, a3, a.scales + b * 64));
}

template <int kActivation, bool kDstSigned, int kSteps>
void QuadRowConv(const DepthwiseQuadArgs& a, const uint8_t* const* quad_rows, uint8_t* dst) {
  const Epilogue<kActivation> e(a.epilogue);
  const int64_t column_bytes = a.blocks * 256, pixel_bytes = a.stride * column_bytes;
  const uint8_t* base[kMaxQuadSteps];
  for (int r = 0; r < a.rows; ++r) {
    for (int q = 0; q < a.quads; ++q) base[r * a.quads + q] = quad_rows[r] + 4 * q * column_bytes;
  }
  for (int64_t b = 0; b < a.blocks; ++b) {
    const int64_t left = a.channels - b * 64;
    const __mmask64 mask = left >= 64 ? ~__mmask64{0} : (__mmask64{1} << left) - 1;
    int64_t ow = 0;
    for (; ow + 4 <= a.out_w; ow += 4) {
      QuadFourPixels<kActivation, kDstSigned, kSteps>(a, e, base, pixel_bytes, ow, b, mask, dst);
    }
    for (; ow < a.out_w; ++ow)
      QuadOnePixel<kActivation, kDstSigned>(a, e, base, pixel_bytes, ow, b, mask, dst);
  }
}

template <int kActivation, bool kDstSigned>
void DispatchQuadSteps(const DepthwiseQuadArgs& a, const uint8_t* const* quad_rows, uint8_t* dst) {
  switch (a.rows * a.quads) {
    case 3:  // 3x3
      return QuadRowConv<kActivation, kDstSigned, 3>(a, quad_rows, dst);
    case 10:  // 5x5
      return QuadRowConv<kActivation, kDstSigned, 10>(a, quad_rows, dst);
    case 6:  // 5x5 on three rows
      return QuadRowConv<kActivation, kDstSigned, 6>(a, quad_rows, dst);
    case 4:  // 5x5 on two rows
      return QuadRowConv<kActivation, kDstSigned, 4>(a, quad_rows, dst);
    default:
      return QuadRowConv<kActivation, kDstSigned, 0>(a, quad_rows, dst);
  }
}

template <int kActivation>
void DispatchQuadSign(const DepthwiseQuadArgs& a, const uint8_t* const* quad_rows, uint8_t* dst) {
  if (a.epilogue.dst_signed) return DispatchQuadSteps<kActivation, true>(a, quad_rows, dst);
  return DispatchQuadSteps<kActivation, false>(a, quad_rows, dst);
}

}  // namespace

void DepthwiseQuadRowAvx512Vnni(const DepthwiseQuadRowArgs& a, const uint8_t* src_row, uint8_t* quad_row) {
  const int64_t blocks = (a.channels + 63) / 64;
  const __m512i flip = _mm512_set1_epi8(a.src_signed ? static_cast<char>(0x80) : 0);
  for (int64_t j = 0; j < a.columns; j += a.column_step) {
    const uint8_t* column[4];
    for (int t = 0; t < 4; ++t) {
      const int64_t iw = j + t - a.pad_left;
      column[t] = iw >= 0 && iw < a.in_w ? src_row + iw * a.channels : a.padding;
    }
    uint8_t* out = quad_row + j * blocks * 256;
    for (int64_t b = 0; b < blocks; ++b) {
      const int64_t left = a.channels - b * 64;
      const __mmask64 mask = left >= 64 ? ~__mmask64{0} : (__mmask64{1} << left) - 1;
      const auto load = [&](int t) {
        return _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, column[t] + b * 64), flip);
      };
      StoreQuads(load(0), load(1), load(2), load(3), out + b * 256);
    }
  }
}

void DepthwiseQuadRowConvAvx512Vnni(const DepthwiseQuadArgs& a, const uint8_t* const* quad_rows,
                                    uint8_t* dst) {
  switch (a.epilogue.activation) {
    case kHardSwish:
      return DispatchQuadSign<kHardSwish>(a, quad_rows, dst);
    case kSilu:
      return DispatchQuadSign<kSilu>(a, quad_rows, dst);
    default:
      return DispatchQuadSign<kClampOnly>(a, quad_rows, dst);
  }
}

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
