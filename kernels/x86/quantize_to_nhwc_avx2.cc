// QuantizeToNhwc's AVX2 loops. Three-channel NCHW images: 8 pixels per step;
// the saturating packs leave, per 128-bit lane, four pixels' channel 0, 1 and
// 2 as three 4-byte groups, and one byte shuffle interleaves them into 12
// bytes. Channels-last sources: 32 values per step, in order.
#include <immintrin.h>

#include "kernels/x86/quantize_to_nhwc_kernels.h"

namespace mint8::x86 {

void QuantizeThreePlanesAvx2(const float* x, int64_t plane_stride, int64_t pixels, float inv_scale,
                             int32_t zero_point, int32_t qmin, int32_t qmax, bool dst_signed, uint8_t* y) {
  const __m256 inv = _mm256_set1_ps(inv_scale);
  const __m256i zp = _mm256_set1_epi32(zero_point), lo = _mm256_set1_epi32(qmin),
                hi = _mm256_set1_epi32(qmax);
  // Byte 3p + c of each lane's 12 comes from byte 4c + p.
  const __m256i interleave = _mm256_setr_epi8(0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, -1, -1, -1, -1,  //
                                              0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11, -1, -1, -1, -1);
  const auto channel = [&](const float* p) {
    const __m256i q = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(p), inv)), zp);
    return _mm256_min_epi32(_mm256_max_epi32(q, lo), hi);
  };
  for (int64_t p = 0; p + 8 <= pixels; p += 8) {
    const __m256i c0 = channel(x + p), c1 = channel(x + plane_stride + p),
                  c2 = channel(x + 2 * plane_stride + p);
    const __m256i c01 = _mm256_packs_epi32(c0, c1), c22 = _mm256_packs_epi32(c2, c2);
    const __m256i bytes = dst_signed ? _mm256_packs_epi16(c01, c22) : _mm256_packus_epi16(c01, c22);
    const __m256i pixels12 = _mm256_shuffle_epi8(bytes, interleave);
    // 16-byte stores 12 bytes apart: each overwrites the last one's 4 spare bytes.
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + 3 * p), _mm256_castsi256_si128(pixels12));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(y + 3 * p + 12), _mm256_extracti128_si256(pixels12, 1));
  }
}

void QuantizeValuesAvx2(const float* x, int64_t values, float inv_scale, int32_t zero_point, int32_t qmin,
                        int32_t qmax, bool dst_signed, uint8_t* y) {
  const __m256 inv = _mm256_set1_ps(inv_scale);
  const __m256i zp = _mm256_set1_epi32(zero_point), lo = _mm256_set1_epi32(qmin),
                hi = _mm256_set1_epi32(qmax);
  // The packs work per 128-bit lane: dword 4h + j of the bytes holds values
  // 4h..4h+3 of the j-th vector of 8 (h: the lane); the permute restores order.
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  const auto quantize = [&](const float* p) {
    const __m256i q = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(_mm256_loadu_ps(p), inv)), zp);
    return _mm256_min_epi32(_mm256_max_epi32(q, lo), hi);
  };
  for (int64_t i = 0; i < values; i += 32) {
    const __m256i q01 = _mm256_packs_epi32(quantize(x + i), quantize(x + i + 8));
    const __m256i q23 = _mm256_packs_epi32(quantize(x + i + 16), quantize(x + i + 24));
    const __m256i bytes = dst_signed ? _mm256_packs_epi16(q01, q23) : _mm256_packus_epi16(q01, q23);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + i), _mm256_permutevar8x32_epi32(bytes, order));
  }
}

namespace {

// 8 values of a channels-last source as floats: f32 as they are, INT8
// widened and re-centred on the zero point.
template <int kSource>
__m256 LoadSource(const uint8_t* x, int64_t i, __m256i src_zero_point);

constexpr int kF32 = 0, kU8 = 1, kS8 = 2;

template <>
__m256 LoadSource<kF32>(const uint8_t* x, int64_t i, __m256i) {
  return _mm256_loadu_ps(reinterpret_cast<const float*>(x) + i);
}
template <>
__m256 LoadSource<kU8>(const uint8_t* x, int64_t i, __m256i zp) {
  const __m256i q = _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x + i)));
  return _mm256_cvtepi32_ps(_mm256_sub_epi32(q, zp));
}
template <>
__m256 LoadSource<kS8>(const uint8_t* x, int64_t i, __m256i zp) {
  const __m256i q = _mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x + i)));
  return _mm256_cvtepi32_ps(_mm256_sub_epi32(q, zp));
}

template <int kSource>
void ScaledPixels(const QuantizeToNhwcParams& a, const float* multipliers, const uint8_t* x, int64_t pixels,
                  uint8_t* y) {
  const __m256 inv = _mm256_set1_ps(a.inv_scale);
  const __m256i zp = _mm256_set1_epi32(a.zero_point), lo = _mm256_set1_epi32(a.qmin),
                hi = _mm256_set1_epi32(a.qmax), src_zp = _mm256_set1_epi32(a.src_zero_point);
  const int64_t channels = a.channels;
  // (x * m) * inv_scale: the product first, as a multiply then a
  // quantization of its result would round.
  const auto quantize = [&](int64_t i, int64_t c) {
    const __m256 v = _mm256_mul_ps(LoadSource<kSource>(x, i, src_zp), _mm256_loadu_ps(multipliers + c));
    const __m256i q = _mm256_add_epi32(_mm256_cvtps_epi32(_mm256_mul_ps(v, inv)), zp);
    return _mm256_min_epi32(_mm256_max_epi32(q, lo), hi);
  };
  // The packs work per 128-bit lane; the permute restores order.
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  for (int64_t p = 0; p < pixels; ++p) {
    const int64_t base = p * channels;
    int64_t c = 0;
    for (; c + 32 <= channels; c += 32) {
      const __m256i q01 = _mm256_packs_epi32(quantize(base + c, c), quantize(base + c + 8, c + 8));
      const __m256i q23 =
          _mm256_packs_epi32(quantize(base + c + 16, c + 16), quantize(base + c + 24, c + 24));
      const __m256i bytes = a.dst_signed ? _mm256_packs_epi16(q01, q23) : _mm256_packus_epi16(q01, q23);
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(y + base + c),
                          _mm256_permutevar8x32_epi32(bytes, order));
    }
    for (; c + 8 <= channels; c += 8) {
      const __m256i q = quantize(base + c, c);
      const __m128i q16 = _mm_packs_epi32(_mm256_castsi256_si128(q), _mm256_extracti128_si256(q, 1));
      const __m128i bytes = a.dst_signed ? _mm_packs_epi16(q16, q16) : _mm_packus_epi16(q16, q16);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(y + base + c), bytes);
    }
  }
}

}  // namespace

void QuantizeScaledPixelsAvx2(const QuantizeToNhwcParams& p, const float* multipliers, const uint8_t* x,
                              int64_t pixels, uint8_t* y) {
  if (!p.int8_source) return ScaledPixels<kF32>(p, multipliers, x, pixels, y);
  if (p.src_signed) return ScaledPixels<kS8>(p, multipliers, x, pixels, y);
  ScaledPixels<kU8>(p, multipliers, x, pixels, y);
}

}  // namespace mint8::x86
