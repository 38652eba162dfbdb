#include "kernels/reference/conv.h"

#include <algorithm>

namespace mint8::kernels::reference {

void ApplyPostOps(absl::Span<const ir::PostOp> post_ops, const float* sum, float* y, int64_t n) {
  for (const ir::PostOp& op : post_ops) {
    if (op.kind == ir::PostOpKind::kSum) {
      for (int64_t i = 0; i < n; ++i) y[i] += op.alpha * sum[i];
    } else {
      for (int64_t i = 0; i < n; ++i) y[i] = ir::ApplyActivation(op, y[i]);
    }
  }
}

void Conv2dF32(const ir::ConvGeometry& g, const float* x, const float* w, const float* bias,
               absl::Span<const ir::PostOp> post_ops, const float* sum, float* y) {
  const ir::Window2d& win = g.window;
  const int64_t ic_per_group = g.in_channels / g.group;
  const int64_t oc_per_group = g.out_channels / g.group;
  const int64_t out_plane = win.out_h * win.out_w;
  const int64_t in_plane = win.in_h * win.in_w;
  for (int64_t n = 0; n < g.batch; ++n) {
    for (int64_t oc = 0; oc < g.out_channels; ++oc) {
      float* yp = y + (n * g.out_channels + oc) * out_plane;
      std::fill(yp, yp + out_plane, bias != nullptr ? bias[oc] : 0.f);
      const int64_t group = oc / oc_per_group;
      for (int64_t icg = 0; icg < ic_per_group; ++icg) {
        const int64_t ic = group * ic_per_group + icg;
        const float* xp = x + (n * g.in_channels + ic) * in_plane;
        for (int64_t kh = 0; kh < win.kernel_h; ++kh) {
          for (int64_t kw = 0; kw < win.kernel_w; ++kw) {
            const float wv = w[((oc * ic_per_group + icg) * win.kernel_h + kh) * win.kernel_w + kw];
            for (int64_t oh = 0; oh < win.out_h; ++oh) {
              const int64_t ih = oh * win.stride_h - win.pad_top + kh * win.dilation_h;
              if (ih < 0 || ih >= win.in_h) continue;
              for (int64_t ow = 0; ow < win.out_w; ++ow) {
                const int64_t iw = ow * win.stride_w - win.pad_left + kw * win.dilation_w;
                if (iw < 0 || iw >= win.in_w) continue;
                yp[oh * win.out_w + ow] += wv * xp[ih * win.in_w + iw];
              }
            }
          }
        }
      }
    }
  }
  const int64_t total = g.batch * g.out_channels * out_plane;
  ApplyPostOps(post_ops, sum, y, total);
}

void ConvTranspose2dF32(const ir::ConvGeometry& g, const float* x, const float* w, const float* bias,
                        float* y) {
  const ir::Window2d& win = g.window;
  const int64_t in_per_group = g.in_channels / g.group, out_per_group = g.out_channels / g.group;
  const int64_t out_plane = win.out_h * win.out_w;
  for (int64_t n = 0; n < g.batch; ++n) {
    float* yn = y + n * g.out_channels * out_plane;
    for (int64_t m = 0; m < g.out_channels; ++m) {
      std::fill(yn + m * out_plane, yn + (m + 1) * out_plane, bias != nullptr ? bias[m] : 0.f);
    }
    for (int64_t c = 0; c < g.in_channels; ++c) {
      const int64_t group = c / in_per_group;
      const float* xc = x + (n * g.in_channels + c) * win.in_h * win.in_w;
      for (int64_t mg = 0; mg < out_per_group; ++mg) {
        const float* wk = w + (c * out_per_group + mg) * win.kernel_h * win.kernel_w;
        float* ym = yn + (group * out_per_group + mg) * out_plane;
        for (int64_t ih = 0; ih < win.in_h; ++ih) {
          for (int64_t iw = 0; iw < win.in_w; ++iw) {
            const float v = xc[ih * win.in_w + iw];
            for (int64_t kh = 0; kh < win.kernel_h; ++kh) {
              const int64_t oh = ih * win.stride_h - win.pad_top + kh * win.dilation_h;
              if (oh < 0 || oh >= win.out_h) continue;
              for (int64_t kw = 0; kw < win.kernel_w; ++kw) {
                const int64_t ow = iw * win.stride_w - win.pad_left + kw * win.dilation_w;
                if (ow >= 0 && ow < win.out_w) ym[oh * win.out_w + ow] += v * wk[kh * win.kernel_w + kw];
              }
            }
          }
        }
      }
    }
  }
}

}  // namespace mint8::kernels::reference
