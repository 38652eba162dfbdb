#include "kernels/reference/quantization.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/data_type.h"

namespace mint8::kernels::reference {
namespace {

using ir::DataType;

int32_t ReadInt(const void* data, DataType type, int64_t i) {
  switch (type) {
    case DataType::kU8:
      return static_cast<const uint8_t*>(data)[i];
    case DataType::kS8:
      return static_cast<const int8_t*>(data)[i];
    case DataType::kS32:
      return static_cast<const int32_t*>(data)[i];
    default:
      return 0;
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

absl::Status CheckParams(const ir::ConstTensorView& x, const ir::ConstTensorView& scale, int64_t axis) {
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

int32_t RoundAndSaturate(float v, DataType type, const ir::Quantization* q) {
  double lo = 0, hi = 0;
  switch (type) {
    case DataType::kU8:
      lo = 0, hi = 255;
      break;
    case DataType::kS8:
      lo = -128, hi = 127;
      break;
    default:
      lo = std::numeric_limits<int32_t>::min();
      hi = std::numeric_limits<int32_t>::max();
  }
  if (q != nullptr && q->narrowed()) {
    lo = q->qmin;
    hi = q->qmax;
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
    const int32_t q = RoundAndSaturate(
        static_cast<float>(std::nearbyint(xp[i] / scale.data<float>()[c])) + zp, y.dtype, y.quantization);
    if (y.dtype == DataType::kU8)
      y.data<uint8_t>()[i] = static_cast<uint8_t>(q);
    else
      y.data<int8_t>()[i] = static_cast<int8_t>(q);
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
    y.data<float>()[i] = static_cast<float>(ReadInt(x.raw, x.dtype, i) - zp) * scale.data<float>()[c];
  });
  return absl::OkStatus();
}

namespace {

absl::Status RequireQuantization(const ir::ConstTensorView& t, const char* what) {
  if (t.quantization == nullptr || t.quantization->scales.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("the ", what, " has no quantization parameters"));
  }
  return absl::OkStatus();
}

float Real(const ir::ConstTensorView& t, int64_t i) {
  return static_cast<float>(ReadInt(t.raw, t.dtype, i) - t.quantization->zero_point()) *
         t.quantization->scale();
}

// Writes real value v as element i of y (quantized, or f32).
void Store(const ir::MutableTensorView& y, int64_t i, float v) {
  if (y.dtype == DataType::kF32) {
    y.data<float>()[i] = v;
    return;
  }
  const int32_t q = RoundAndSaturate(
      static_cast<float>(std::nearbyint(v / y.quantization->scale())) + y.quantization->zero_point(), y.dtype,
      y.quantization);
  if (y.dtype == DataType::kU8)
    y.data<uint8_t>()[i] = static_cast<uint8_t>(q);
  else if (y.dtype == DataType::kS8)
    y.data<int8_t>()[i] = static_cast<int8_t>(q);
  else
    y.data<int32_t>()[i] = q;
}

// Post-ops on real value v of element i (residual element i).
float PostProcess(absl::Span<const ir::PostOp> post_ops, const ir::ConstTensorView* residual, int64_t i,
                  float v) {
  for (const ir::PostOp& op : post_ops) {
    v = op.kind == ir::PostOpKind::kSum ? v + op.alpha * Real(*residual, i) : ir::ApplyActivation(op, v);
  }
  return v;
}

absl::Status CheckInt8Operands(const ir::ConstTensorView& x, const ir::ConstTensorView& w,
                               const ir::ConstTensorView* residual, const ir::MutableTensorView& y) {
  absl::Status s = RequireQuantization(x, "input");
  if (s.ok()) s = RequireQuantization(w, "weights");
  if (s.ok() && residual != nullptr) s = RequireQuantization(*residual, "residual");
  if (s.ok() && y.dtype != DataType::kF32 && (y.quantization == nullptr || y.quantization->scales.empty())) {
    s = absl::InvalidArgumentError("the quantized output has no quantization parameters");
  }
  if (s.ok() && w.dtype != DataType::kS8) s = absl::InvalidArgumentError("weights must be s8");
  if (s.ok() && w.quantization->zero_point() != 0) {
    s = absl::InvalidArgumentError("weights must be symmetric (zero point 0)");
  }
  return s;
}

}  // namespace

absl::Status QuantizedConv2d(const ir::ConvGeometry& g, const ir::ConstTensorView& x,
                             const ir::ConstTensorView& w, const ir::ConstTensorView* bias,
                             absl::Span<const ir::PostOp> post_ops, const ir::ConstTensorView* residual,
                             const ir::MutableTensorView& y) {
  absl::Status s = CheckInt8Operands(x, w, residual, y);
  if (!s.ok()) return s;
  const ir::Window2d& win = g.window;
  const int64_t icg = g.in_channels / g.group, ocg = g.out_channels / g.group;
  const int32_t zx = x.quantization->zero_point();
  const float sx = x.quantization->scale();
  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t oc = 0; oc < g.out_channels; ++oc) {
      const int64_t group = oc / ocg;
      const float scale = sx * w.quantization->scale(oc);
      for (int64_t oh = 0; oh < win.out_h; ++oh) {
        for (int64_t ow = 0; ow < win.out_w; ++ow) {
          // 64 bits: a saturated s32 bias plus the products may leave the
          // s32 range (oneDNN adds the bias in float).
          int64_t acc = bias != nullptr ? bias->data<int32_t>()[oc] : 0;
          for (int64_t c = 0; c < icg; ++c) {
            const int64_t ic = group * icg + c;
            for (int64_t kh = 0; kh < win.kernel_h; ++kh) {
              const int64_t ih = oh * win.stride_h - win.pad_top + kh * win.dilation_h;
              if (ih < 0 || ih >= win.in_h) continue;
              for (int64_t kw = 0; kw < win.kernel_w; ++kw) {
                const int64_t iw = ow * win.stride_w - win.pad_left + kw * win.dilation_w;
                if (iw < 0 || iw >= win.in_w) continue;
                const int32_t xq =
                    ReadInt(x.raw, x.dtype, ((n * g.in_channels + ic) * win.in_h + ih) * win.in_w + iw);
                acc += (xq - zx) * w.data<int8_t>()[((oc * icg + c) * win.kernel_h + kh) * win.kernel_w + kw];
              }
            }
          }
          const int64_t at = ((n * g.out_channels + oc) * win.out_h + oh) * win.out_w + ow;
          Store(y, at, PostProcess(post_ops, residual, at, static_cast<float>(acc) * scale));
        }
      }
    }
  }
  return absl::OkStatus();
}

absl::Status QuantizedConvTranspose2d(const ir::ConvGeometry& g, const ir::ConstTensorView& x,
                                      const ir::ConstTensorView& w, const ir::ConstTensorView* bias,
                                      absl::Span<const ir::PostOp> post_ops, const ir::MutableTensorView& y) {
  absl::Status s = CheckInt8Operands(x, w, nullptr, y);
  if (!s.ok()) return s;
  if (w.quantization->per_channel() &&
      static_cast<int64_t>(w.quantization->scales.size()) != g.out_channels) {
    return absl::InvalidArgumentError("per-channel weight scales must match the output channels");
  }
  const ir::Window2d& win = g.window;
  const int64_t icg = g.in_channels / g.group, ocg = g.out_channels / g.group;
  const int64_t out_plane = win.out_h * win.out_w;
  const int32_t zx = x.quantization->zero_point();
  std::vector<int32_t> acc(out_plane);
  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t oc = 0; oc < g.out_channels; ++oc) {
      const int64_t group = oc / ocg, j = oc % ocg;
      std::fill(acc.begin(), acc.end(), bias != nullptr ? bias->data<int32_t>()[oc] : 0);
      for (int64_t c = 0; c < icg; ++c) {
        const int64_t ic = group * icg + c;
        const int8_t* wk = w.data<int8_t>() + (ic * ocg + j) * win.kernel_h * win.kernel_w;
        for (int64_t ih = 0; ih < win.in_h; ++ih) {
          for (int64_t iw = 0; iw < win.in_w; ++iw) {
            const int32_t v =
                ReadInt(x.raw, x.dtype, ((n * g.in_channels + ic) * win.in_h + ih) * win.in_w + iw) - zx;
            for (int64_t kh = 0; kh < win.kernel_h; ++kh) {
              const int64_t oh = ih * win.stride_h - win.pad_top + kh * win.dilation_h;
              if (oh < 0 || oh >= win.out_h) continue;
              for (int64_t kw = 0; kw < win.kernel_w; ++kw) {
                const int64_t ow = iw * win.stride_w - win.pad_left + kw * win.dilation_w;
                if (ow >= 0 && ow < win.out_w) acc[oh * win.out_w + ow] += v * wk[kh * win.kernel_w + kw];
              }
            }
          }
        }
      }
      const float scale = x.quantization->scale() * w.quantization->scale(oc);
      for (int64_t i = 0; i < out_plane; ++i) {
        const int64_t at = (n * g.out_channels + oc) * out_plane + i;
        Store(y, at, PostProcess(post_ops, nullptr, at, static_cast<float>(acc[i]) * scale));
      }
    }
  }
  return absl::OkStatus();
}

absl::Status QuantizedGemm(const GemmParams& p, const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                           const ir::ConstTensorView* bias, absl::Span<const ir::PostOp> post_ops,
                           const ir::ConstTensorView* residual, const ir::MutableTensorView& y) {
  absl::Status s = CheckInt8Operands(a, b, residual, y);
  if (!s.ok()) return s;
  if (p.trans_a || p.alpha != 1.f)
    return absl::InvalidArgumentError("quantized Gemm needs transA=0, alpha=1");
  const int32_t za = a.quantization->zero_point();
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t j = 0; j < p.n; ++j) {
      int64_t acc = bias != nullptr ? bias->data<int32_t>()[j] : 0;  // as in QuantizedConv2d
      for (int64_t l = 0; l < p.k; ++l) {
        const int32_t bq = b.data<int8_t>()[p.trans_b ? j * p.k + l : l * p.n + j];
        acc += (ReadInt(a.raw, a.dtype, i * p.k + l) - za) * bq;
      }
      const float v = static_cast<float>(acc) * (a.quantization->scale() * b.quantization->scale(j));
      Store(y, i * p.n + j, PostProcess(post_ops, residual, i * p.n + j, v));
    }
  }
  return absl::OkStatus();
}

absl::Status QuantizedMatMul(const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                             absl::Span<const ir::PostOp> post_ops, const ir::ConstTensorView* residual,
                             const ir::MutableTensorView& y) {
  absl::Status s = RequireQuantization(a, "A");
  if (s.ok()) s = RequireQuantization(b, "B");
  if (s.ok() && residual != nullptr) s = RequireQuantization(*residual, "residual");
  if (!s.ok()) return s;
  if (y.dtype != DataType::kF32 && (y.quantization == nullptr || y.quantization->scales.empty()))
    return absl::InvalidArgumentError("the quantized output has no quantization parameters");
  if (a.quantization->scales.size() != 1 || b.quantization->scales.size() != 1)
    return absl::InvalidArgumentError("quantized MatMul needs per-tensor operands");
  const MatMulShape shape = MatMulShapeOf(a.dims, b.dims);
  const int64_t m = shape.m, k = shape.k, n = shape.n;
  const int32_t za = a.quantization->zero_point(), zb = b.quantization->zero_point();
  const float scale = a.quantization->scale() * b.quantization->scale();
  shape.ForEachBatch([&](int64_t t, int64_t oa, int64_t ob) {
    for (int64_t i = 0; i < m; ++i) {
      for (int64_t j = 0; j < n; ++j) {
        int64_t acc = 0;
        for (int64_t l = 0; l < k; ++l) {
          acc += static_cast<int64_t>(ReadInt(a.raw, a.dtype, (oa * m + i) * k + l) - za) *
                 (ReadInt(b.raw, b.dtype, (ob * k + l) * n + j) - zb);
        }
        const int64_t at = (t * m + i) * n + j;
        Store(y, at, PostProcess(post_ops, residual, at, static_cast<float>(acc) * scale));
      }
    }
  });
  return absl::OkStatus();
}

absl::Status QuantizedAveragePool(const ir::PoolGeometry& g, bool global, const ir::ConstTensorView& x,
                                  const ir::MutableTensorView& y) {
  absl::Status s = RequireQuantization(x, "input");
  if (!s.ok()) return s;
  const ir::Window2d& w = g.window;
  const int64_t planes = g.batch * g.channels;
  for (int64_t plane = 0; plane < planes; ++plane) {
    const int64_t in_base = plane * w.in_h * w.in_w;
    for (int64_t oh = 0; oh < (global ? 1 : w.out_h); ++oh) {
      for (int64_t ow = 0; ow < (global ? 1 : w.out_w); ++ow) {
        double total = 0;
        int64_t count = 0, window = 0;
        for (int64_t kh = 0; kh < (global ? w.in_h : w.kernel_h); ++kh) {
          const int64_t ih = global ? kh : oh * w.stride_h - w.pad_top + kh * w.dilation_h;
          for (int64_t kw = 0; kw < (global ? w.in_w : w.kernel_w); ++kw) {
            const int64_t iw = global ? kw : ow * w.stride_w - w.pad_left + kw * w.dilation_w;
            const bool in_padded = ih >= -w.pad_top && ih < w.in_h + w.pad_bottom && iw >= -w.pad_left &&
                                   iw < w.in_w + w.pad_right;
            window += in_padded;
            if (ih < 0 || ih >= w.in_h || iw < 0 || iw >= w.in_w) continue;
            total += Real(x, in_base + ih * w.in_w + iw);
            ++count;
          }
        }
        const int64_t divisor = g.count_include_pad && !global ? window : count;
        const int64_t out_w = global ? 1 : w.out_w, out_h = global ? 1 : w.out_h;
        Store(y, (plane * out_h + oh) * out_w + ow, divisor > 0 ? static_cast<float>(total / divisor) : 0.f);
      }
    }
  }
  return absl::OkStatus();
}

absl::Status Requantize(const ir::ConstTensorView& x, const ir::MutableTensorView& y) {
  absl::Status s = RequireQuantization(x, "input");
  if (!s.ok()) return s;
  const int64_t n = x.num_elements();
  for (int64_t i = 0; i < n; ++i) Store(y, i, Real(x, i));
  return absl::OkStatus();
}

absl::Status QuantizedBinary(BinaryOp op, const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                             const ir::MutableTensorView& y) {
  // Both operands as real numbers, then f32 arithmetic, then y's encoding.
  std::vector<float> real_a, real_b, real_y(y.num_elements());
  ir::ConstTensorView fa = a, fb = b;
  for (auto [t, real, what] :
       {std::tuple{&fa, &real_a, "first input"}, std::tuple{&fb, &real_b, "second input"}}) {
    if (t->dtype == DataType::kF32) continue;
    if (absl::Status s = RequireQuantization(*t, what); !s.ok()) return s;
    real->resize(t->num_elements());
    for (int64_t i = 0; i < t->num_elements(); ++i) (*real)[i] = Real(*t, i);
    *t = ir::ConstTensorView{DataType::kF32, t->dims, real->data()};
  }
  if (y.dtype != DataType::kF32 && (y.quantization == nullptr || y.quantization->scales.empty())) {
    return absl::InvalidArgumentError("the quantized output has no quantization parameters");
  }
  if (absl::Status s = Binary(op, fa, fb, ir::MutableTensorView{DataType::kF32, y.dims, real_y.data()});
      !s.ok()) {
    return s;
  }
  for (int64_t i = 0; i < y.num_elements(); ++i) Store(y, i, real_y[i]);
  return absl::OkStatus();
}

}  // namespace mint8::kernels::reference
