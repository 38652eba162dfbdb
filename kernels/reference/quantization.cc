#include "kernels/reference/quantization.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace mint8::kernels::reference {
namespace {

using ir::DataType;

int32_t ReadInt(const void* data, DataType type, int64_t i) {
  switch (type) {
    case DataType::kU8: return static_cast<const uint8_t*>(data)[i];
    case DataType::kS8: return static_cast<const int8_t*>(data)[i];
    case DataType::kS32: return static_cast<const int32_t*>(data)[i];
    default: return 0;
  }
}

// Calls f(i, c) for each element i of `dims` with its channel c along `axis`
// (c = 0 when there is one parameter).
template <typename F>
void ForEachWithChannel(const ir::Dims& dims, int64_t axis, int64_t params, F f) {
  int64_t inner = 1;
  for (size_t d = axis + 1; d < dims.size(); ++d) inner *= dims[d];
  const int64_t n = ir::NumElements(dims);
  const int64_t channels = params > 1 ? dims[axis] : 1;
  for (int64_t i = 0; i < n; ++i) f(i, params > 1 ? (i / inner) % channels : 0);
}

absl::Status CheckParams(const ir::ConstTensorView& x, const ir::ConstTensorView& scale,
                         int64_t axis) {
  const int64_t params = scale.num_elements();
  if (params > 1 && (axis < 0 || axis >= x.rank() || x.dims[axis] != params)) {
    return absl::InvalidArgumentError(
        absl::StrCat(params, " scales do not match axis ", axis, " of ", ir::DimsToString(x.dims)));
  }
  for (int64_t c = 0; c < params; ++c) {
    const float s = scale.data<float>()[c];
    if (!(s > 0) || !std::isfinite(s)) {
      return absl::InvalidArgumentError(absl::StrCat("scale ", s, " is not positive and finite"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

int32_t RoundAndSaturate(float v, DataType type) {
  double lo = 0, hi = 0;
  switch (type) {
    case DataType::kU8: lo = 0, hi = 255; break;
    case DataType::kS8: lo = -128, hi = 127; break;
    default:
      lo = std::numeric_limits<int32_t>::min();
      hi = std::numeric_limits<int32_t>::max();
  }
  if (std::isnan(v)) return 0;
  const double r = std::nearbyint(static_cast<double>(v));  // default rounding: half to even
  return static_cast<int32_t>(std::min(hi, std::max(lo, r)));
}

absl::Status QuantizeLinear(const ir::ConstTensorView& x, const ir::ConstTensorView& scale,
                            const ir::ConstTensorView* zero_point, int64_t axis,
                            const ir::MutableTensorView& y) {
  absl::Status s = CheckParams(x, scale, axis);
  if (!s.ok()) return s;
  const float* xp = x.data<float>();
  ForEachWithChannel(x.dims, axis, scale.num_elements(), [&](int64_t i, int64_t c) {
    const int32_t zp = zero_point != nullptr ? ReadInt(zero_point->raw, zero_point->dtype, c) : 0;
    const int32_t q =
        RoundAndSaturate(static_cast<float>(std::nearbyint(xp[i] / scale.data<float>()[c])) + zp,
                         y.dtype);
    if (y.dtype == DataType::kU8) y.data<uint8_t>()[i] = static_cast<uint8_t>(q);
    else y.data<int8_t>()[i] = static_cast<int8_t>(q);
  });
  return absl::OkStatus();
}

absl::Status DequantizeLinear(const ir::ConstTensorView& x, const ir::ConstTensorView& scale,
                              const ir::ConstTensorView* zero_point, int64_t axis,
                              const ir::MutableTensorView& y) {
  absl::Status s = CheckParams(x, scale, axis);
  if (!s.ok()) return s;
  ForEachWithChannel(x.dims, axis, scale.num_elements(), [&](int64_t i, int64_t c) {
    const int32_t zp = zero_point != nullptr ? ReadInt(zero_point->raw, zero_point->dtype, c) : 0;
    y.data<float>()[i] =
        static_cast<float>(ReadInt(x.raw, x.dtype, i) - zp) * scale.data<float>()[c];
  });
  return absl::OkStatus();
}

}  // namespace mint8::kernels::reference
