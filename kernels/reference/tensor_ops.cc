#include "kernels/reference/tensor_ops.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include "absl/strings/str_cat.h"
#include "kernels/reference/quantization.h"

namespace mint8::kernels::reference {
namespace {

ir::Dims RowMajorStrides(const ir::Dims& dims) {
  ir::Dims strides(dims.size(), 1);
  for (int i = static_cast<int>(dims.size()) - 2; i >= 0; --i) {
    strides[i] = strides[i + 1] * dims[i + 1];
  }
  return strides;
}

float ElementAsFloat(const ir::ConstTensorView& x, int64_t i) {
  switch (x.dtype) {
    case ir::DataType::kU8:
      return x.data<uint8_t>()[i];
    case ir::DataType::kS8:
      return x.data<int8_t>()[i];
    default:
      return x.data<float>()[i];
  }
}

// f32 as is; u8/s8 rounded to nearest even and saturated, as quantization rounds.
void StoreRounded(float v, const ir::MutableTensorView& y, int64_t i) {
  if (y.dtype == ir::DataType::kU8) {
    y.data<uint8_t>()[i] = static_cast<uint8_t>(RoundAndSaturate(v, y.dtype));
  } else if (y.dtype == ir::DataType::kS8) {
    y.data<int8_t>()[i] = static_cast<int8_t>(RoundAndSaturate(v, y.dtype));
  } else {
    y.data<float>()[i] = v;
  }
}

// Calls visit(linear_index, multi_index) for every element of `dims`.
template <typename Visit>
void ForEachIndex(const ir::Dims& dims, Visit visit) {
  const int64_t n = ir::NumElements(dims);
  ir::Dims index(dims.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    visit(i, index);
    for (int d = static_cast<int>(dims.size()) - 1; d >= 0; --d) {
      if (++index[d] < dims[d]) break;
      index[d] = 0;
    }
  }
}

void StoreValue(const ir::MutableTensorView& y, int64_t i, double v) {
  switch (y.dtype) {
    case ir::DataType::kF32: y.data<float>()[i] = static_cast<float>(v); break;
    case ir::DataType::kU8: y.data<uint8_t>()[i] = static_cast<uint8_t>(v); break;
    case ir::DataType::kS8: y.data<int8_t>()[i] = static_cast<int8_t>(v); break;
    case ir::DataType::kS32: y.data<int32_t>()[i] = static_cast<int32_t>(v); break;
    case ir::DataType::kS64: y.data<int64_t>()[i] = static_cast<int64_t>(v); break;
    case ir::DataType::kBool: y.data<uint8_t>()[i] = v != 0; break;
    case ir::DataType::kUnknown: break;
  }
}

}  // namespace

void Concat(absl::Span<const ir::ConstTensorView> inputs, int64_t axis,
            const ir::MutableTensorView& y) {
  const size_t esize = ir::DataTypeSize(y.dtype);
  int64_t outer = 1;
  for (int64_t i = 0; i < axis; ++i) outer *= y.dims[i];
  const int64_t y_row = y.num_elements() / std::max<int64_t>(outer, 1) * esize;
  int64_t offset = 0;
  for (const ir::ConstTensorView& x : inputs) {
    const int64_t x_row = x.num_elements() / std::max<int64_t>(outer, 1) * esize;
    for (int64_t o = 0; o < outer; ++o) {
      std::memcpy(static_cast<uint8_t*>(y.raw) + o * y_row + offset,
                  static_cast<const uint8_t*>(x.raw) + o * x_row, x_row);
    }
    offset += x_row;
  }
}

void ChannelShuffle(absl::Span<const ir::ConstTensorView> inputs, int64_t groups,
                    const ir::MutableTensorView& y) {
  const size_t esize = ir::DataTypeSize(y.dtype);
  const int64_t channels = y.dims[1], per_group = channels / groups;
  const int64_t inner = y.num_elements() / std::max<int64_t>(y.dims[0] * channels, 1);
  for (int64_t o = 0; o < channels; ++o) {
    int64_t c = o % groups * per_group + o / groups;  // joined channel, then the input's own
    size_t k = 0;
    while (c >= inputs[k].dims[1]) c -= inputs[k++].dims[1];
    const ir::ConstTensorView& x = inputs[k];
    for (int64_t n = 0; n < y.dims[0]; ++n) {
      std::memcpy(static_cast<uint8_t*>(y.raw) + ((n * channels + o) * inner) * esize,
                  static_cast<const uint8_t*>(x.raw) + ((n * x.dims[1] + c) * inner) * esize, inner * esize);
    }
  }
}

void Transpose(const ir::ConstTensorView& x, absl::Span<const int64_t> perm,
               const ir::MutableTensorView& y) {
  const size_t esize = ir::DataTypeSize(x.dtype);
  const ir::Dims xs = RowMajorStrides(x.dims);
  ForEachIndex(y.dims, [&](int64_t i, const ir::Dims& index) {
    int64_t src = 0;
    for (size_t d = 0; d < perm.size(); ++d) src += index[d] * xs[perm[d]];
    std::memcpy(static_cast<uint8_t*>(y.raw) + i * esize,
                static_cast<const uint8_t*>(x.raw) + src * esize, esize);
  });
}

void Pad(const ir::ConstTensorView& x, absl::Span<const int64_t> pads, PadMode mode, double value,
         const ir::MutableTensorView& y) {
  const size_t esize = ir::DataTypeSize(x.dtype);
  const int rank = x.rank();
  const ir::Dims xs = RowMajorStrides(x.dims);
  ForEachIndex(y.dims, [&](int64_t i, const ir::Dims& index) {
    int64_t src = 0;
    bool inside = true;
    for (int d = 0; d < rank; ++d) {
      int64_t c = index[d] - pads[d];
      const int64_t n = x.dims[d];
      if (c < 0 || c >= n) {
        if (mode == PadMode::kConstant) {
          inside = false;
          break;
        }
        if (mode == PadMode::kEdge) {
          c = std::clamp<int64_t>(c, 0, n - 1);
        } else {  // reflect without repeating the edge
          const int64_t period = 2 * (n - 1);
          c = period == 0 ? 0 : ((c % period) + period) % period;
          if (c >= n) c = period - c;
        }
      }
      src += c * xs[d];
    }
    if (inside) {
      std::memcpy(static_cast<uint8_t*>(y.raw) + i * esize,
                  static_cast<const uint8_t*>(x.raw) + src * esize, esize);
    } else {
      StoreValue(y, i, value);
    }
  });
}

void StridedSlice(const ir::ConstTensorView& x, absl::Span<const int64_t> starts,
                  absl::Span<const int64_t> steps, const ir::MutableTensorView& y) {
  const size_t esize = ir::DataTypeSize(x.dtype);
  const ir::Dims xs = RowMajorStrides(x.dims);
  ForEachIndex(y.dims, [&](int64_t i, const ir::Dims& index) {
    int64_t src = 0;
    for (size_t d = 0; d < index.size(); ++d) src += (starts[d] + index[d] * steps[d]) * xs[d];
    std::memcpy(static_cast<uint8_t*>(y.raw) + i * esize,
                static_cast<const uint8_t*>(x.raw) + src * esize, esize);
  });
}

absl::Status Gather(const ir::ConstTensorView& x, const ir::ConstTensorView& indices, int64_t axis,
                    const ir::MutableTensorView& y) {
  const size_t esize = ir::DataTypeSize(x.dtype);
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d) outer *= x.dims[d];
  for (int d = static_cast<int>(axis) + 1; d < x.rank(); ++d) inner *= x.dims[d];
  const int64_t dim = x.dims[axis];
  const int64_t count = indices.num_elements();
  for (int64_t j = 0; j < count; ++j) {
    int64_t idx = indices.dtype == ir::DataType::kS64 ? indices.data<int64_t>()[j]
                                                       : indices.data<int32_t>()[j];
    if (idx < 0) idx += dim;
    if (idx < 0 || idx >= dim) {
      return absl::InvalidArgumentError(
          absl::StrCat("Gather index out of range [", -dim, ", ", dim, ")"));
    }
    for (int64_t o = 0; o < outer; ++o) {
      std::memcpy(static_cast<uint8_t*>(y.raw) + ((o * count + j) * inner) * esize,
                  static_cast<const uint8_t*>(x.raw) + ((o * dim + idx) * inner) * esize,
                  inner * esize);
    }
  }
  return absl::OkStatus();
}

namespace {

// ONNX's transforms; the resized length is in_size * scale before flooring.
double SourceCoordinate(const ResizeParams& p, int64_t out, int64_t in_size, float scale) {
  const double resized = static_cast<double>(in_size) * scale;
  switch (p.transform) {
    case CoordinateTransform::kHalfPixel: return (out + 0.5) / scale - 0.5;
    case CoordinateTransform::kPytorchHalfPixel:
      return resized > 1 ? (out + 0.5) / scale - 0.5 : 0.0;
    case CoordinateTransform::kAlignCorners:
      return resized <= 1 ? 0.0 : out * static_cast<double>(in_size - 1) / (resized - 1);
    case CoordinateTransform::kAsymmetric: return out / static_cast<double>(scale);
  }
  return 0;
}

int64_t NearestIndex(const ResizeParams& p, double x, int64_t in_size) {
  int64_t i = 0;
  switch (p.rounding) {
    case NearestRounding::kRoundPreferFloor:
      i = x == std::floor(x) + 0.5 ? static_cast<int64_t>(std::floor(x))
                                   : static_cast<int64_t>(std::round(x));
      break;
    case NearestRounding::kRoundPreferCeil:
      i = x == std::floor(x) + 0.5 ? static_cast<int64_t>(std::ceil(x))
                                   : static_cast<int64_t>(std::round(x));
      break;
    case NearestRounding::kFloor: i = static_cast<int64_t>(std::floor(x)); break;
    case NearestRounding::kCeil: i = static_cast<int64_t>(std::ceil(x)); break;
  }
  return std::clamp<int64_t>(i, 0, in_size - 1);
}

// Resizes axis `axis` of `x` (dims `dims`) to `out_size`, into `y`.
void ResizeAxis(const float* x, const ir::Dims& dims, int axis, int64_t out_size, float scale,
                const ResizeParams& p, float* y) {
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= dims[d];
  for (size_t d = axis + 1; d < dims.size(); ++d) inner *= dims[d];
  const int64_t in_size = dims[axis];
  for (int64_t o = 0; o < out_size; ++o) {
    const double src = SourceCoordinate(p, o, in_size, scale);
    int64_t i0, i1;
    double w1 = 0;
    if (p.mode == ResizeMode::kNearest) {
      i0 = i1 = NearestIndex(p, src, in_size);
    } else {
      const double f = std::floor(src);
      w1 = src - f;
      i0 = std::clamp<int64_t>(static_cast<int64_t>(f), 0, in_size - 1);
      i1 = std::clamp<int64_t>(static_cast<int64_t>(f) + 1, 0, in_size - 1);
    }
    for (int64_t a = 0; a < outer; ++a) {
      const float* r0 = x + (a * in_size + i0) * inner;
      const float* r1 = x + (a * in_size + i1) * inner;
      float* out = y + (a * out_size + o) * inner;
      for (int64_t b = 0; b < inner; ++b) {
        out[b] = static_cast<float>((1 - w1) * r0[b] + w1 * r1[b]);
      }
    }
  }
}

}  // namespace

void Resize(const ir::ConstTensorView& x, const ResizeParams& p, const ir::MutableTensorView& y) {
  std::vector<float> current(x.num_elements());
  for (int64_t i = 0; i < x.num_elements(); ++i) current[i] = ElementAsFloat(x, i);
  ir::Dims dims = x.dims;
  for (int axis = 0; axis < x.rank(); ++axis) {
    if (dims[axis] == y.dims[axis] && p.scales[axis] == 1.f) continue;
    ir::Dims next_dims = dims;
    next_dims[axis] = y.dims[axis];
    std::vector<float> next(ir::NumElements(next_dims));
    ResizeAxis(current.data(), dims, axis, y.dims[axis], p.scales[axis], p, next.data());
    current.swap(next);
    dims = next_dims;
  }
  for (size_t i = 0; i < current.size(); ++i) StoreRounded(current[i], y, static_cast<int64_t>(i));
}

void ReduceMeanF32(const ir::ConstTensorView& x, const std::vector<bool>& reduce, float* y) {
  ir::Dims out_dims;
  int64_t count = 1;
  for (int d = 0; d < x.rank(); ++d) {
    if (reduce[d]) count *= x.dims[d];
    else out_dims.push_back(x.dims[d]);
  }
  const ir::Dims out_strides = RowMajorStrides(out_dims);
  std::vector<double> sums(ir::NumElements(out_dims), 0.0);
  ForEachIndex(x.dims, [&](int64_t i, const ir::Dims& index) {
    int64_t out = 0, k = 0;
    for (int d = 0; d < x.rank(); ++d) {
      if (!reduce[d]) out += index[d] * out_strides[k++];
    }
    sums[out] += x.data<float>()[i];
  });
  for (size_t i = 0; i < sums.size(); ++i) y[i] = static_cast<float>(sums[i] / count);
}

}  // namespace mint8::kernels::reference
