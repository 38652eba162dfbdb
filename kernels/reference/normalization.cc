#include "kernels/reference/normalization.h"

#include <algorithm>
#include <cmath>

namespace mint8::kernels::reference {

void BatchNormF32(const ir::ConstTensorView& x, const float* scale, const float* bias,
                  const float* mean, const float* var, float epsilon, float* y) {
  const int64_t n = x.dims[0], c = x.dims[1];
  const int64_t spatial = x.num_elements() / std::max<int64_t>(n * c, 1);
  const float* xp = x.data<float>();
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t ch = 0; ch < c; ++ch) {
      const float inv = scale[ch] / std::sqrt(var[ch] + epsilon);
      const int64_t base = (b * c + ch) * spatial;
      for (int64_t i = 0; i < spatial; ++i) {
        y[base + i] = (xp[base + i] - mean[ch]) * inv + bias[ch];
      }
    }
  }
}

void LrnF32(const LrnParams& p, const ir::ConstTensorView& x, float* y) {
  const int64_t n = x.dims[0], c = x.dims[1], spatial = x.dims[2] * x.dims[3];
  const int64_t before = (p.size - 1) / 2, after = p.size - 1 - before;
  const float* xp = x.data<float>();
  for (int64_t b = 0; b < n; ++b) {
    for (int64_t ch = 0; ch < c; ++ch) {
      const int64_t lo = std::max<int64_t>(0, ch - before), hi = std::min(c - 1, ch + after);
      for (int64_t i = 0; i < spatial; ++i) {
        double square_sum = 0;
        for (int64_t k = lo; k <= hi; ++k) {
          const double v = xp[(b * c + k) * spatial + i];
          square_sum += v * v;
        }
        const int64_t at = (b * c + ch) * spatial + i;
        y[at] = static_cast<float>(xp[at] /
                                   std::pow(p.bias + p.alpha / p.size * square_sum, p.beta));
      }
    }
  }
}

void SoftmaxF32(const ir::ConstTensorView& x, int64_t axis, bool coerce_2d, float* y) {
  int64_t outer = 1, reduce = 1, inner = 1;
  for (int i = 0; i < x.rank(); ++i) {
    if (i < axis) outer *= x.dims[i];
    else if (i == axis || coerce_2d) reduce *= x.dims[i];
    else inner *= x.dims[i];
  }
  const float* xp = x.data<float>();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t in = 0; in < inner; ++in) {
      auto at = [&](int64_t r) { return (o * reduce + r) * inner + in; };
      float max_value = -INFINITY;
      for (int64_t r = 0; r < reduce; ++r) max_value = std::max(max_value, xp[at(r)]);
      double total = 0;
      for (int64_t r = 0; r < reduce; ++r) {
        y[at(r)] = std::exp(xp[at(r)] - max_value);
        total += y[at(r)];
      }
      for (int64_t r = 0; r < reduce; ++r) y[at(r)] = static_cast<float>(y[at(r)] / total);
    }
  }
}

}  // namespace mint8::kernels::reference
