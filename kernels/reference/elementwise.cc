#include "kernels/reference/elementwise.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace mint8::kernels::reference {
namespace {

using ir::DataType;

template <typename T>
absl::Status BinaryTyped(BinaryOp op, const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                         const ir::MutableTensorView& y) {
  const ir::Dims sa = BroadcastStrides(a.dims, y.dims);
  const ir::Dims sb = BroadcastStrides(b.dims, y.dims);
  const int rank = y.rank();
  const int64_t n = y.num_elements();
  const T* pa = a.data<T>();
  const T* pb = b.data<T>();
  T* py = y.data<T>();
  ir::Dims index(rank, 0);
  int64_t oa = 0, ob = 0;
  for (int64_t i = 0; i < n; ++i) {
    const T va = pa[oa], vb = pb[ob];
    switch (op) {
      case BinaryOp::kAdd: py[i] = va + vb; break;
      case BinaryOp::kSub: py[i] = va - vb; break;
      case BinaryOp::kMul: py[i] = va * vb; break;
      case BinaryOp::kDiv:
        if constexpr (std::is_integral_v<T>) {
          if (vb == 0) return absl::InvalidArgumentError("integer division by zero");
        }
        py[i] = va / vb;
        break;
    }
    // Advance the multi-index, updating both input offsets.
    for (int d = rank - 1; d >= 0; --d) {
      if (++index[d] < y.dims[d]) {
        oa += sa[d];
        ob += sb[d];
        break;
      }
      oa -= sa[d] * (y.dims[d] - 1);
      ob -= sb[d] * (y.dims[d] - 1);
      index[d] = 0;
    }
  }
  return absl::OkStatus();
}

template <typename T>
double Load(const void* p, int64_t i) {
  return static_cast<double>(static_cast<const T*>(p)[i]);
}

template <typename T>
void StoreSaturated(void* p, int64_t i, double v) {
  if constexpr (std::is_floating_point_v<T>) {
    static_cast<T*>(p)[i] = static_cast<T>(v);
  } else {
    if (std::isnan(v)) v = 0;
    v = std::trunc(v);
    v = std::max<double>(v, static_cast<double>(std::numeric_limits<T>::lowest()));
    v = std::min<double>(v, static_cast<double>(std::numeric_limits<T>::max()));
    static_cast<T*>(p)[i] = static_cast<T>(v);
  }
}

}  // namespace

void Activation(const ir::PostOp& op, const float* x, float* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = ir::ApplyActivation(op, x[i]);
}

absl::Status ClipInt8(const ir::ConstTensorView& x, float lo, float hi, const ir::MutableTensorView& y) {
  const double low = std::ceil(std::max<double>(lo, -1e9)), high = std::floor(std::min<double>(hi, 1e9));
  const int64_t n = x.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    if (x.dtype == DataType::kU8) {
      y.data<uint8_t>()[i] = static_cast<uint8_t>(std::clamp<double>(x.data<uint8_t>()[i], std::max(low, 0.0), std::min(high, 255.0)));
    } else if (x.dtype == DataType::kS8) {
      y.data<int8_t>()[i] = static_cast<int8_t>(std::clamp<double>(x.data<int8_t>()[i], std::max(low, -128.0), std::min(high, 127.0)));
    } else {
      return absl::InvalidArgumentError("ClipInt8 needs u8 or s8");
    }
  }
  return absl::OkStatus();
}

ir::Dims BroadcastStrides(const ir::Dims& from, const ir::Dims& to) {
  ir::Dims strides(to.size(), 0);
  int64_t stride = 1;
  for (int i = static_cast<int>(from.size()) - 1; i >= 0; --i) {
    const int out = i + static_cast<int>(to.size() - from.size());
    strides[out] = from[i] == 1 ? 0 : stride;
    stride *= from[i];
  }
  return strides;
}

absl::Status Binary(BinaryOp op, const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                    const ir::MutableTensorView& y) {
  switch (y.dtype) {
    case DataType::kF32: return BinaryTyped<float>(op, a, b, y);
    case DataType::kS32: return BinaryTyped<int32_t>(op, a, b, y);
    case DataType::kS64: return BinaryTyped<int64_t>(op, a, b, y);
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("binary arithmetic on ", ir::DataTypeName(y.dtype), " is not supported"));
  }
}

absl::Status Cast(const ir::ConstTensorView& x, const ir::MutableTensorView& y) {
  const int64_t n = x.num_elements();
  for (int64_t i = 0; i < n; ++i) {
    double v = 0;
    switch (x.dtype) {
      case DataType::kF32: v = Load<float>(x.raw, i); break;
      case DataType::kU8: v = Load<uint8_t>(x.raw, i); break;
      case DataType::kS8: v = Load<int8_t>(x.raw, i); break;
      case DataType::kS32: v = Load<int32_t>(x.raw, i); break;
      case DataType::kS64: v = Load<int64_t>(x.raw, i); break;
      case DataType::kBool: v = Load<uint8_t>(x.raw, i) != 0; break;
      case DataType::kUnknown: return absl::InvalidArgumentError("cast from an unknown type");
    }
    switch (y.dtype) {
      case DataType::kF32: StoreSaturated<float>(y.raw, i, v); break;
      case DataType::kU8: StoreSaturated<uint8_t>(y.raw, i, v); break;
      case DataType::kS8: StoreSaturated<int8_t>(y.raw, i, v); break;
      case DataType::kS32: StoreSaturated<int32_t>(y.raw, i, v); break;
      case DataType::kS64: StoreSaturated<int64_t>(y.raw, i, v); break;
      case DataType::kBool: static_cast<uint8_t*>(y.raw)[i] = v != 0; break;
      case DataType::kUnknown: return absl::InvalidArgumentError("cast to an unknown type");
    }
  }
  return absl::OkStatus();
}

}  // namespace mint8::kernels::reference
