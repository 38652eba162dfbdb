#include "kernels/x86/global_average_pool.h"

#include "absl/strings/str_cat.h"

namespace mint8::x86 {

void GlobalAveragePoolInt8Reference(const GlobalAveragePoolParams& p, const void* x, void* y) {
  const int64_t n = p.positions;
  for (int64_t b = 0; b < p.batch; ++b) {
    for (int64_t c = 0; c < p.channels; ++c) {
      int64_t sum = 0;
      for (int64_t i = 0; i < n; ++i) {
        const int64_t at = (b * n + i) * p.channels + c;
        sum += p.src_signed ? static_cast<const int8_t*>(x)[at] : static_cast<const uint8_t*>(x)[at];
      }
      // sum = q * n + r with 0 <= r < n; up when r > n / 2, and at a tie to even.
      int64_t q = sum / n, r = sum % n;
      if (r < 0) {
        q -= 1;
        r += n;
      }
      if (2 * r > n || (2 * r == n && q % 2 != 0)) ++q;
      const int64_t at = b * p.channels + c;
      if (p.src_signed) {
        static_cast<int8_t*>(y)[at] = static_cast<int8_t>(q);
      } else {
        static_cast<uint8_t*>(y)[at] = static_cast<uint8_t>(q);
      }
    }
  }
}

absl::StatusOr<std::unique_ptr<GlobalAveragePoolInt8>> GlobalAveragePoolInt8::Create(
    const GlobalAveragePoolParams& p, Isa isa) {
  if (p.batch < 1 || p.channels < 1 || p.positions < 1 || p.positions > kGlobalAveragePoolMaxPositions) {
    return absl::InvalidArgumentError(absl::StrCat("INT8 global average pooling of batch ", p.batch, ", ",
                                                   p.channels, " channels over ", p.positions, " positions"));
  }
  Isa chosen = Isa::kGeneric;
  if (isa >= Isa::kAvx512 && IsaAvailable(Isa::kAvx512)) {
    chosen = Isa::kAvx512;
  } else if (isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2)) {
    chosen = Isa::kAvx2;
  }
  return std::unique_ptr<GlobalAveragePoolInt8>(new GlobalAveragePoolInt8(p, chosen));
}

void GlobalAveragePoolInt8::Run(const void* x, void* y) const {
  const GlobalAveragePoolParams& p = params_;
  if (isa_ == Isa::kGeneric) return GlobalAveragePoolInt8Reference(p, x, y);
#if defined(MINT8_BUILT_AVX2) || defined(MINT8_BUILT_AVX512)
  const auto* src = static_cast<const uint8_t*>(x);
  auto* dst = static_cast<uint8_t*>(y);
  for (int64_t b = 0; b < p.batch; ++b) {
    const uint8_t* image = src + b * p.positions * p.channels;
    uint8_t* means = dst + b * p.channels;
#ifdef MINT8_BUILT_AVX512
    if (isa_ == Isa::kAvx512) {
      GlobalAveragePoolAvx512(p, image, means);
      continue;
    }
#endif
#ifdef MINT8_BUILT_AVX2
    GlobalAveragePoolAvx2(p, image, means);
#endif
  }
#endif
}

}  // namespace mint8::x86
