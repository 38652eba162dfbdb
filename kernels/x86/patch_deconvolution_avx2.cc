#include <immintrin.h>

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "kernels/x86/patch_deconvolution_kernels.h"
#include "kernels/x86/vector_math.h"
#include "kernels/x86/vector_math_avx2.h"

namespace mint8::x86 {
namespace {

// Four outputs of pixel a (lanes 0-3) then of pixel b (lanes 4-7), each the
// sum of its accumulator's lanes as ((0 + 1) + (2 + 3)) + ((4 + 5) + (6 + 7)).
__m256 SumLanes(__m256 a0, __m256 a1, __m256 a2, __m256 a3, __m256 b0, __m256 b1, __m256 b2, __m256 b3) {
  const __m256 ha = _mm256_hadd_ps(_mm256_hadd_ps(a0, a1), _mm256_hadd_ps(a2, a3));
  const __m256 hb = _mm256_hadd_ps(_mm256_hadd_ps(b0, b1), _mm256_hadd_ps(b2, b3));
  return _mm256_add_ps(_mm256_permute2f128_ps(ha, hb, 0x20), _mm256_permute2f128_ps(ha, hb, 0x31));
}

// How a group of 4 outputs of a pixel pair reaches the output rows.
enum class Placement {
  kHalfGroups,   // 2 outputs per pixel and output row (kernel_w * out_channels == 2, kernel_h even)
  kWholeGroups,  // a group within one output row (kernel_w * out_channels a multiple of 4)
  kAny,          // one value at a time
};

// The kernel_h output rows of one input row, and the pixel pair being
// written: pixel `ox`, and ox + 1 when `pair`.
struct PatchRows {
  float* dst;
  int64_t out_row, segment, outputs;  // segment: a pixel's floats in one output row
  int64_t ox;
  bool pair;
};

template <Placement kPlacement>
void Place(const PatchRows& r, int64_t k, __m256 sums) {
  const __m128 a = _mm256_castps256_ps128(sums), b = _mm256_extractf128_ps(sums, 1);
  if (kPlacement == Placement::kHalfGroups) {
    float* row = r.dst + (k / 2) * r.out_row + r.ox * 2;
    if (r.pair) {
      _mm_storeu_ps(row, _mm_movelh_ps(a, b));
      _mm_storeu_ps(row + r.out_row, _mm_movehl_ps(b, a));
    } else {
      _mm_storel_pi(reinterpret_cast<__m64*>(row), a);
      _mm_storeh_pi(reinterpret_cast<__m64*>(row + r.out_row), a);
    }
  } else if (kPlacement == Placement::kWholeGroups) {
    float* at = r.dst + (k / r.segment) * r.out_row + r.ox * r.segment + k % r.segment;
    _mm_storeu_ps(at, a);
    if (r.pair) _mm_storeu_ps(at + r.segment, b);
  } else {
    alignas(32) float v[8];
    _mm256_store_ps(v, sums);
    for (int64_t q = 0; q < 1 + r.pair; ++q) {
      for (int64_t l = 0; l < 4 && k + l < r.outputs; ++l) {
        const int64_t kk = k + l;
        r.dst[(kk / r.segment) * r.out_row + (r.ox + q) * r.segment + kk % r.segment] = v[4 * q + l];
      }
    }
  }
}

void Activate(PatchActivation act, float* y, int64_t n) {
  if (act == PatchActivation::kNone) return;
  int64_t i = 0;
  if (act == PatchActivation::kRelu) {
    for (; i + 8 <= n; i += 8)
      _mm256_storeu_ps(y + i, _mm256_max_ps(_mm256_loadu_ps(y + i), _mm256_setzero_ps()));
    for (; i < n; ++i) y[i] = std::max(y[i], 0.f);
    return;
  }
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, SigmoidAvx2(_mm256_loadu_ps(y + i)));
  for (; i < n; ++i) y[i] = SigmoidReference(y[i]);
}

// 8 source channels as floats.
inline __m256 Load8(const float* x) { return _mm256_loadu_ps(x); }
inline __m256 Load8(const uint8_t* x) {
  return _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x))));
}
inline __m256 Load8(const int8_t* x) {
  return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(x))));
}

// Outputs k .. k + 3 of two pixels from their sums: plus the bias (f32), or
// act's argument scale * (sum + offset) (INT8: the sums are exact integers).
template <typename T>
__m256 Finish(const PatchEpilogue& e, int64_t k, __m256 sums) {
  if (std::is_same_v<T, float>) {
    const __m128 bias4 = _mm_loadu_ps(e.bias + k);
    return _mm256_add_ps(sums, _mm256_set_m128(bias4, bias4));
  }
  const __m128i offset4 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(e.offsets + k));
  const __m128 scale4 = _mm_loadu_ps(e.scales + k);
  const __m256i total = _mm256_add_epi32(_mm256_cvtps_epi32(sums), _mm256_set_m128i(offset4, offset4));
  return _mm256_mul_ps(_mm256_cvtepi32_ps(total), _mm256_set_m128(scale4, scale4));
}

// All outputs of pixels a and b (they may be the same pixel) placed into
// the output rows, before the activation.
template <typename T, Placement kPlacement>
void PixelPair(const PatchDeconvolutionParams& p, const float* weights, const PatchEpilogue& epilogue,
               const T* a, const T* b, int64_t block_stride, const PatchRows& rows) {
  const int64_t blocks = p.in_channels / 8;
  for (int64_t k = 0; k < rows.outputs; k += 4) {
    __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const float* w = weights + k * p.in_channels;
    for (int64_t cb = 0; cb < blocks; ++cb, w += 32) {
      const __m256 xa = Load8(a + cb * block_stride), xb = Load8(b + cb * block_stride);
      const __m256 w0 = _mm256_loadu_ps(w), w1 = _mm256_loadu_ps(w + 8);
      const __m256 w2 = _mm256_loadu_ps(w + 16), w3 = _mm256_loadu_ps(w + 24);
      a0 = _mm256_fmadd_ps(xa, w0, a0);
      b0 = _mm256_fmadd_ps(xb, w0, b0);
      a1 = _mm256_fmadd_ps(xa, w1, a1);
      b1 = _mm256_fmadd_ps(xb, w1, b1);
      a2 = _mm256_fmadd_ps(xa, w2, a2);
      b2 = _mm256_fmadd_ps(xb, w2, b2);
      a3 = _mm256_fmadd_ps(xa, w3, a3);
      b3 = _mm256_fmadd_ps(xb, w3, b3);
    }
    Place<kPlacement>(rows, k, Finish<T>(epilogue, k, SumLanes(a0, a1, a2, a3, b0, b1, b2, b3)));
  }
}

template <typename T, Placement kPlacement>
void PixelPairs(const PatchDeconvolutionParams& p, const float* weights, const PatchEpilogue& epilogue,
                const T* src, int64_t pixel_stride, int64_t block_stride, PatchRows rows) {
  for (rows.ox = 0; rows.ox < p.width; rows.ox += 2) {
    rows.pair = rows.ox + 1 < p.width;
    const T* a = src + rows.ox * pixel_stride;
    PixelPair<T, kPlacement>(p, weights, epilogue, a, rows.pair ? a + pixel_stride : a, block_stride, rows);
  }
}

template <typename T>
void Row(const PatchDeconvolutionParams& p, const float* weights, const PatchEpilogue& epilogue, const T* x,
         float* y, int64_t row) {
  const int64_t n = row / p.height, oy = row % p.height;
  const int64_t pixel_stride = p.blocked_source ? 8 : p.in_channels;
  const int64_t block_stride = p.blocked_source ? p.height * p.width * 8 : 8;
  const T* src = x + (n * p.in_channels * p.height * p.width) + oy * p.width * pixel_stride;
  PatchRows rows;
  rows.segment = p.kernel_w * p.out_channels;
  rows.out_row = p.width * rows.segment;
  rows.outputs = PatchOutputs(p);
  rows.dst = y + row * p.kernel_h * rows.out_row;
  if (rows.segment == 2 && p.kernel_h % 2 == 0) {
    PixelPairs<T, Placement::kHalfGroups>(p, weights, epilogue, src, pixel_stride, block_stride, rows);
  } else if (rows.segment % 4 == 0) {
    PixelPairs<T, Placement::kWholeGroups>(p, weights, epilogue, src, pixel_stride, block_stride, rows);
  } else {
    PixelPairs<T, Placement::kAny>(p, weights, epilogue, src, pixel_stride, block_stride, rows);
  }
  Activate(p.activation, rows.dst, p.kernel_h * rows.out_row);
}

}  // namespace

void PatchDeconvolutionRowAvx2(const PatchDeconvolutionParams& p, const float* packed_weights,
                               const PatchEpilogue& epilogue, const void* x, float* y, int64_t row) {
  switch (p.source) {
    case PatchSource::kF32:
      return Row(p, packed_weights, epilogue, static_cast<const float*>(x), y, row);
    case PatchSource::kU8:
      return Row(p, packed_weights, epilogue, static_cast<const uint8_t*>(x), y, row);
    case PatchSource::kS8:
      return Row(p, packed_weights, epilogue, static_cast<const int8_t*>(x), y, row);
  }
}

}  // namespace mint8::x86
