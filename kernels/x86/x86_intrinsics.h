// The x86 intrinsics of mint8's per-ISA kernel sources: include this, not
// <immintrin.h>.
//
// Normally it is <immintrin.h>. Under --config=emulated_avx512
// (MINT8_EMULATED_AVX512, //config:isa.bzl) the AVX-512 intrinsics come
// from SIMDe (Debian's libsimde-dev), which computes them with AVX2
// instructions, so the AVX-512 kernels' tests run, for correctness only, on
// CPUs without AVX-512; the few intrinsics SIMDe 0.7.4 lacks are defined
// below, lane by lane, as Intel's reference gives them.
#ifndef MINT8_KERNELS_X86_X86_INTRINSICS_H_
#define MINT8_KERNELS_X86_X86_INTRINSICS_H_

#include <immintrin.h>

#ifdef MINT8_EMULATED_AVX512
#define SIMDE_ENABLE_NATIVE_ALIASES
#include <simde/x86/avx512.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace mint8::x86::emulated {

// Rounded to nearest even; NaN and values out of range give INT32_MIN (the
// "integer indefinite" value).
template <typename T>
int32_t ToInt32(T v) {
  if (!(v >= T{-2147483648.0} && v < T{2147483648.0})) return INT32_MIN;
  return static_cast<int32_t>(std::nearbyint(v));
}

inline simde__m512i CvtpsEpi32(simde__m512 a) {
  float in[16];
  int32_t out[16];
  simde_mm512_storeu_ps(in, a);
  for (int i = 0; i < 16; ++i) out[i] = ToInt32(in[i]);
  return simde_mm512_loadu_si512(out);
}

inline simde__m256i CvtpdEpi32(simde__m512d a) {
  double in[8];
  int32_t out[8];
  simde_mm512_storeu_pd(in, a);
  for (int i = 0; i < 8; ++i) out[i] = ToInt32(in[i]);
  return simde_mm256_loadu_si256(out);
}

inline simde__m512d Cvtepi32Pd(simde__m256i a) {
  int32_t in[8];
  double out[8];
  simde_mm256_storeu_si256(in, a);
  for (int i = 0; i < 8; ++i) out[i] = in[i];
  return simde_mm512_loadu_pd(out);
}

// Masked-off bytes are not read (they may lie past the end of a buffer).
inline simde__m512i MaskzLoaduEpi8(uint64_t mask, const void* p) {
  uint8_t out[64] = {};
  for (int i = 0; i < 64; ++i) {
    if ((mask >> i) & 1) out[i] = static_cast<const uint8_t*>(p)[i];
  }
  return simde_mm512_loadu_si512(out);
}

inline simde__m512 MaskzLoaduPs(uint16_t mask, const void* p) {
  float out[16] = {};
  for (int i = 0; i < 16; ++i) {
    if ((mask >> i) & 1) out[i] = static_cast<const float*>(p)[i];
  }
  return simde_mm512_loadu_ps(out);
}

inline int ReduceAddEpi32(simde__m512i a) {
  int32_t in[16];
  simde_mm512_storeu_si512(in, a);
  uint32_t sum = 0;  // wraps, as the vector adds do
  for (int i = 0; i < 16; ++i) sum += static_cast<uint32_t>(in[i]);
  return static_cast<int32_t>(sum);
}

template <typename From, typename To, int kLanes, typename Convert>
void EachLane(const From* in, To* out, Convert convert) {
  for (int i = 0; i < kLanes; ++i) out[i] = convert(in[i]);
}

inline simde__m512 Cvtepi32Ps(simde__m512i a) {
  int32_t in[16];
  float out[16];
  simde_mm512_storeu_si512(in, a);
  EachLane<int32_t, float, 16>(in, out, [](int32_t v) { return static_cast<float>(v); });
  return simde_mm512_loadu_ps(out);
}

// Sign- or zero-extends 16 narrow lanes to s32.
template <typename Narrow, typename Vector>
simde__m512i Widen(Vector a) {
  Narrow in[16];
  int32_t out[16];
  std::memcpy(in, &a, sizeof(in));
  EachLane<Narrow, int32_t, 16>(in, out, [](Narrow v) { return static_cast<int32_t>(v); });
  return simde_mm512_loadu_si512(out);
}

// 16 s32 lanes to bytes: truncated, signed-saturated or unsigned-saturated
// (the lanes read as u32).
enum class Narrowing { kTruncate, kSigned, kUnsigned };
template <Narrowing kHow>
void NarrowToBytes(simde__m512i a, uint8_t* out) {
  int32_t in[16];
  simde_mm512_storeu_si512(in, a);
  for (int i = 0; i < 16; ++i) {
    const int32_t v = in[i];
    if (kHow == Narrowing::kTruncate) out[i] = static_cast<uint8_t>(v);
    if (kHow == Narrowing::kSigned) out[i] = static_cast<uint8_t>(v < -128 ? -128 : v > 127 ? 127 : v);
    if (kHow == Narrowing::kUnsigned) out[i] = static_cast<uint8_t>(std::min<uint32_t>(v, 255));
  }
}

template <Narrowing kHow>
simde__m128i Narrow(simde__m512i a) {
  uint8_t out[16];
  NarrowToBytes<kHow>(a, out);
  return simde_mm_loadu_si128(out);
}

template <Narrowing kHow>
void MaskNarrowStore(void* p, uint16_t mask, simde__m512i a) {
  uint8_t bytes[16];
  NarrowToBytes<kHow>(a, bytes);
  for (int i = 0; i < 16; ++i) {
    if ((mask >> i) & 1) static_cast<uint8_t*>(p)[i] = bytes[i];
  }
}

// Masked-off bytes are neither read nor written.
template <int kBytes, typename Vector>
void MaskStoreBytes(void* p, uint64_t mask, Vector a) {
  uint8_t bytes[kBytes];
  std::memcpy(bytes, &a, kBytes);
  for (int i = 0; i < kBytes; ++i) {
    if ((mask >> i) & 1) static_cast<uint8_t*>(p)[i] = bytes[i];
  }
}

inline simde__m128i MaskzLoaduEpi8x16(uint16_t mask, const void* p) {
  uint8_t out[16] = {};
  for (int i = 0; i < 16; ++i) {
    if ((mask >> i) & 1) out[i] = static_cast<const uint8_t*>(p)[i];
  }
  return simde_mm_loadu_si128(out);
}

}  // namespace mint8::x86::emulated

#define _mm512_cvtps_epi32(a) ::mint8::x86::emulated::CvtpsEpi32(a)
#define _mm512_cvtpd_epi32(a) ::mint8::x86::emulated::CvtpdEpi32(a)
#define _mm512_cvtepi32_pd(a) ::mint8::x86::emulated::Cvtepi32Pd(a)
#define _mm512_maskz_loadu_epi8(k, p) ::mint8::x86::emulated::MaskzLoaduEpi8(k, p)
#define _mm512_maskz_loadu_ps(k, p) ::mint8::x86::emulated::MaskzLoaduPs(k, p)
#define _mm512_reduce_add_epi32(a) ::mint8::x86::emulated::ReduceAddEpi32(a)
#define _mm512_cvtepi32_ps(a) ::mint8::x86::emulated::Cvtepi32Ps(a)
#define _mm512_cvtepi16_epi32(a) ::mint8::x86::emulated::Widen<int16_t>(a)
#define _mm512_cvtepi8_epi32(a) ::mint8::x86::emulated::Widen<int8_t>(a)
#define _mm512_cvtepu8_epi32(a) ::mint8::x86::emulated::Widen<uint8_t>(a)
#define _mm512_cvtepi32_epi8(a) \
  ::mint8::x86::emulated::Narrow<::mint8::x86::emulated::Narrowing::kTruncate>(a)
#define _mm512_cvtusepi32_epi8(a) \
  ::mint8::x86::emulated::Narrow<::mint8::x86::emulated::Narrowing::kUnsigned>(a)
#define _mm512_mask_cvtepi32_storeu_epi8(p, k, a) \
  ::mint8::x86::emulated::MaskNarrowStore<::mint8::x86::emulated::Narrowing::kTruncate>(p, k, a)
#define _mm512_mask_cvtsepi32_storeu_epi8(p, k, a) \
  ::mint8::x86::emulated::MaskNarrowStore<::mint8::x86::emulated::Narrowing::kSigned>(p, k, a)
#define _mm512_mask_cvtusepi32_storeu_epi8(p, k, a) \
  ::mint8::x86::emulated::MaskNarrowStore<::mint8::x86::emulated::Narrowing::kUnsigned>(p, k, a)
#define _mm512_mask_storeu_epi8(p, k, a) ::mint8::x86::emulated::MaskStoreBytes<64>(p, k, a)
#define _mm_mask_storeu_epi8(p, k, a) ::mint8::x86::emulated::MaskStoreBytes<16>(p, k, a)
#define _mm_maskz_loadu_epi8(k, p) ::mint8::x86::emulated::MaskzLoaduEpi8x16(k, p)
#endif  // MINT8_EMULATED_AVX512

#endif  // MINT8_KERNELS_X86_X86_INTRINSICS_H_
