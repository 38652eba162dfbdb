#include "kernels/x86/nearest_upsample.h"

#include <omp.h>

#include <cstring>

namespace mint8::x86 {

absl::Status ValidateNearestUpsample(const NearestUpsampleParams& p) {
  if (p.batch < 1 || p.height < 1 || p.width < 1 || p.pixel_bytes < 1) {
    return absl::InvalidArgumentError("nearest upsampling: empty shape");
  }
  if (p.factor_h < 1 || p.factor_w < 1)
    return absl::InvalidArgumentError("nearest upsampling: factor below 1");
  return absl::OkStatus();
}

void NearestUpsampleNhwcReference(const NearestUpsampleParams& p, const void* x, void* y) {
  const auto* in = static_cast<const uint8_t*>(x);
  auto* out = static_cast<uint8_t*>(y);
  const int64_t out_h = p.height * p.factor_h, out_w = p.width * p.factor_w;
  for (int64_t n = 0; n < p.batch; ++n)
    for (int64_t oh = 0; oh < out_h; ++oh)
      for (int64_t ow = 0; ow < out_w; ++ow)
        for (int64_t b = 0; b < p.pixel_bytes; ++b) {
          const int64_t from =
              ((n * p.height + oh / p.factor_h) * p.width + ow / p.factor_w) * p.pixel_bytes + b;
          out[((n * out_h + oh) * out_w + ow) * p.pixel_bytes + b] = in[from];
        }
}

absl::StatusOr<std::unique_ptr<NearestUpsampleNhwc>> NearestUpsampleNhwc::Create(
    const NearestUpsampleParams& p) {
  if (absl::Status s = ValidateNearestUpsample(p); !s.ok()) return s;
  return std::unique_ptr<NearestUpsampleNhwc>(new NearestUpsampleNhwc(p));
}

void NearestUpsampleNhwc::Run(const void* x, void* y) const {
  const NearestUpsampleParams& p = params_;
  const int64_t rows = p.batch * p.height;
  const int64_t in_row = p.width * p.pixel_bytes, out_row = in_row * p.factor_w;
  const auto* in = static_cast<const uint8_t*>(x);
  auto* out = static_cast<uint8_t*>(y);
  // Threads pay off only on maps of some size (a fork costs microseconds).
  const bool parallel = rows > 1 && out_row * p.factor_h * rows > (int64_t{1} << 18);
#pragma omp parallel for schedule(static) if (parallel)
  for (int64_t r = 0; r < rows; ++r) {
    const uint8_t* src = in + r * in_row;
    uint8_t* first = out + r * p.factor_h * out_row;
    uint8_t* dst = first;
    for (int64_t w = 0; w < p.width; ++w, src += p.pixel_bytes) {
      for (int64_t k = 0; k < p.factor_w; ++k, dst += p.pixel_bytes) std::memcpy(dst, src, p.pixel_bytes);
    }
    for (int64_t k = 1; k < p.factor_h; ++k) std::memcpy(first + k * out_row, first, out_row);
  }
}

}  // namespace mint8::x86
