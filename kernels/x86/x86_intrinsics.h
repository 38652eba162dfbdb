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

// Vector `a` of lanes InLane as a vector Out of lanes OutLane, lane i being
// f(lane i of a).
template <typename Out, typename InLane, typename OutLane, typename In, typename F>
Out MapLanes(In a, F f) {
  constexpr int kLanes = sizeof(In) / sizeof(InLane);
  static_assert(sizeof(Out) == kLanes * sizeof(OutLane));
  InLane in[kLanes];
  OutLane out[kLanes];
  std::memcpy(in, &a, sizeof(in));
  for (int i = 0; i < kLanes; ++i) out[i] = f(in[i]);
  Out result;
  std::memcpy(&result, out, sizeof(out));
  return result;
}

// Rounded to nearest even; NaN and values out of range give INT32_MIN (the
// "integer indefinite" value).
template <typename T>
int32_t ToInt32(T v) {
  if (!(v >= T{-2147483648.0} && v < T{2147483648.0})) return INT32_MIN;
  return static_cast<int32_t>(std::nearbyint(v));
}

template <typename To>
struct StaticCast {
  template <typename From>
  To operator()(From v) const {
    return static_cast<To>(v);
  }
};

// s32 lanes to bytes: truncated, signed-saturated or unsigned-saturated (the
// lanes read as u32).
enum class Narrowing { kTruncate, kSigned, kUnsigned };
template <Narrowing kHow>
simde__m128i Narrow(simde__m512i a) {
  return MapLanes<simde__m128i, int32_t, uint8_t>(a, [](int32_t v) {
    if (kHow == Narrowing::kSigned) return static_cast<uint8_t>(std::clamp(v, -128, 127));
    if (kHow == Narrowing::kUnsigned) return static_cast<uint8_t>(std::min<uint32_t>(v, 255));
    return static_cast<uint8_t>(v);
  });
}

// Masked-off lanes are neither read nor written (they may lie past the end of
// a buffer); a load gives them zero.
template <typename Vector, typename Lane>
Vector MaskzLoad(uint64_t mask, const void* p) {
  constexpr int kLanes = sizeof(Vector) / sizeof(Lane);
  Lane lanes[kLanes] = {};
  for (int i = 0; i < kLanes; ++i) {
    if ((mask >> i) & 1) lanes[i] = static_cast<const Lane*>(p)[i];
  }
  Vector result;
  std::memcpy(&result, lanes, sizeof(lanes));
  return result;
}

template <typename Lane, typename Vector>
void MaskStore(void* p, uint64_t mask, Vector a) {
  constexpr int kLanes = sizeof(Vector) / sizeof(Lane);
  Lane lanes[kLanes];
  std::memcpy(lanes, &a, sizeof(lanes));
  for (int i = 0; i < kLanes; ++i) {
    if ((mask >> i) & 1) static_cast<Lane*>(p)[i] = lanes[i];
  }
}

inline int ReduceAddEpi32(simde__m512i a) {
  int32_t in[16];
  std::memcpy(in, &a, sizeof(in));
  uint32_t sum = 0;  // wraps, as the vector adds do
  for (int32_t v : in) sum += static_cast<uint32_t>(v);
  return static_cast<int32_t>(sum);
}

}  // namespace mint8::x86::emulated

#define MINT8_EMULATED ::mint8::x86::emulated
#define _mm512_cvtps_epi32(a) \
  MINT8_EMULATED::MapLanes<simde__m512i, float, int32_t>(a, MINT8_EMULATED::ToInt32<float>)
#define _mm512_cvtpd_epi32(a) \
  MINT8_EMULATED::MapLanes<simde__m256i, double, int32_t>(a, MINT8_EMULATED::ToInt32<double>)
#define _mm512_cvtepi32_pd(a) \
  MINT8_EMULATED::MapLanes<simde__m512d, int32_t, double>(a, MINT8_EMULATED::StaticCast<double>())
#define _mm512_cvtepi32_ps(a) \
  MINT8_EMULATED::MapLanes<simde__m512, int32_t, float>(a, MINT8_EMULATED::StaticCast<float>())
#define _mm512_cvtepi16_epi32(a) \
  MINT8_EMULATED::MapLanes<simde__m512i, int16_t, int32_t>(a, MINT8_EMULATED::StaticCast<int32_t>())
#define _mm512_cvtepi8_epi32(a) \
  MINT8_EMULATED::MapLanes<simde__m512i, int8_t, int32_t>(a, MINT8_EMULATED::StaticCast<int32_t>())
#define _mm512_cvtepu8_epi32(a) \
  MINT8_EMULATED::MapLanes<simde__m512i, uint8_t, int32_t>(a, MINT8_EMULATED::StaticCast<int32_t>())
#define _mm512_cvtepi32_epi8(a) MINT8_EMULATED::Narrow<MINT8_EMULATED::Narrowing::kTruncate>(a)
#define _mm512_cvtusepi32_epi8(a) MINT8_EMULATED::Narrow<MINT8_EMULATED::Narrowing::kUnsigned>(a)
#define _mm512_mask_cvtepi32_storeu_epi8(p, k, a) \
  MINT8_EMULATED::MaskStore<uint8_t>(p, k, MINT8_EMULATED::Narrow<MINT8_EMULATED::Narrowing::kTruncate>(a))
#define _mm512_mask_cvtsepi32_storeu_epi8(p, k, a) \
  MINT8_EMULATED::MaskStore<uint8_t>(p, k, MINT8_EMULATED::Narrow<MINT8_EMULATED::Narrowing::kSigned>(a))
#define _mm512_mask_cvtusepi32_storeu_epi8(p, k, a) \
  MINT8_EMULATED::MaskStore<uint8_t>(p, k, MINT8_EMULATED::Narrow<MINT8_EMULATED::Narrowing::kUnsigned>(a))
#define _mm512_maskz_loadu_epi8(k, p) MINT8_EMULATED::MaskzLoad<simde__m512i, uint8_t>(k, p)
#define _mm512_maskz_loadu_ps(k, p) MINT8_EMULATED::MaskzLoad<simde__m512, float>(k, p)
#define _mm_maskz_loadu_epi8(k, p) MINT8_EMULATED::MaskzLoad<simde__m128i, uint8_t>(k, p)
#define _mm512_mask_storeu_epi8(p, k, a) MINT8_EMULATED::MaskStore<uint8_t>(p, k, a)
#define _mm_mask_storeu_epi8(p, k, a) MINT8_EMULATED::MaskStore<uint8_t>(p, k, a)
#define _mm512_reduce_add_epi32(a) MINT8_EMULATED::ReduceAddEpi32(a)
#endif  // MINT8_EMULATED_AVX512

#endif  // MINT8_KERNELS_X86_X86_INTRINSICS_H_
