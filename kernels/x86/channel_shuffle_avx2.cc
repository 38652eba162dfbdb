// ChannelShuffleNhwc's AVX2 loop: unpack instructions interleave the two
// halves 32 bytes (or 8 floats) at a time; they work within 128-bit lanes,
// so a lane permute puts the two results in order. Halves narrower than a
// vector take 128-bit steps.
#include <immintrin.h>

#include <cstring>

#include "kernels/x86/channel_shuffle_kernels.h"

namespace mint8::x86 {
namespace {

__m256i Load(const uint8_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
void Store(uint8_t* p, __m256i v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }

// Elements i.. of both halves, interleaved: one 256-bit step (32 bytes of
// each) or a 128-bit one.
template <int kElementBytes>
void Step256(const uint8_t* a, const uint8_t* b, int64_t i, uint8_t* y) {
  const __m256i va = Load(a + i * kElementBytes), vb = Load(b + i * kElementBytes);
  const __m256i lo = kElementBytes == 1 ? _mm256_unpacklo_epi8(va, vb) : _mm256_unpacklo_epi32(va, vb);
  const __m256i hi = kElementBytes == 1 ? _mm256_unpackhi_epi8(va, vb) : _mm256_unpackhi_epi32(va, vb);
  Store(y + 2 * i * kElementBytes, _mm256_permute2x128_si256(lo, hi, 0x20));
  Store(y + 2 * i * kElementBytes + 32, _mm256_permute2x128_si256(lo, hi, 0x31));
}

template <int kElementBytes>
void Step128(const uint8_t* a, const uint8_t* b, int64_t i, uint8_t* y) {
  const __m128i va = _mm_loadu_si128(reinterpret_cast<const __m128i*>(a + i * kElementBytes));
  const __m128i vb = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b + i * kElementBytes));
  __m128i* out = reinterpret_cast<__m128i*>(y + 2 * i * kElementBytes);
  _mm_storeu_si128(out, kElementBytes == 1 ? _mm_unpacklo_epi8(va, vb) : _mm_unpacklo_epi32(va, vb));
  _mm_storeu_si128(out + 1, kElementBytes == 1 ? _mm_unpackhi_epi8(va, vb) : _mm_unpackhi_epi32(va, vb));
}

// One pixel's halves (`half` elements each) into `y`. A half that is not a
// multiple of the vector ends with a step that overlaps the one before
// (writing the same values again) rather than a scalar loop.
template <int kElementBytes>
void InterleavePixel(const uint8_t* a, const uint8_t* b, int64_t half, uint8_t* y) {
  constexpr int64_t kWide = 32 / kElementBytes, kNarrow = 16 / kElementBytes;  // elements per step
  if (half >= kWide) {
    for (int64_t i = 0; i + kWide <= half; i += kWide) Step256<kElementBytes>(a, b, i, y);
    if (half % kWide != 0) Step256<kElementBytes>(a, b, half - kWide, y);
  } else if (half >= kNarrow) {
    Step128<kElementBytes>(a, b, 0, y);
    if (half % kNarrow != 0) Step128<kElementBytes>(a, b, half - kNarrow, y);
  } else {
    for (int64_t i = 0; i < half; ++i) {
      std::memcpy(y + 2 * i * kElementBytes, a + i * kElementBytes, kElementBytes);
      std::memcpy(y + (2 * i + 1) * kElementBytes, b + i * kElementBytes, kElementBytes);
    }
  }
}

template <int kElementBytes>
void Interleave(const InterleaveArgs& args, int64_t pixels, uint8_t* y) {
  for (int64_t p = 0; p < pixels; ++p) {
    InterleavePixel<kElementBytes>(args.a + p * args.a_stride * kElementBytes,
                                   args.b + p * args.b_stride * kElementBytes, args.half,
                                   y + p * 2 * args.half * kElementBytes);
  }
}

}  // namespace

void InterleaveHalvesAvx2(const InterleaveArgs& args, int64_t pixels, uint8_t* y) {
  if (args.element_bytes == 4) return Interleave<4>(args, pixels, y);
  Interleave<1>(args, pixels, y);
}

}  // namespace mint8::x86
