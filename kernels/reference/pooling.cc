#include "kernels/reference/pooling.h"

#include <algorithm>
#include <limits>

namespace mint8::kernels::reference {
namespace {

// Calls visit(ih, iw) for each window position of output (oh, ow) that lies
// inside [lo_h, hi_h) x [lo_w, hi_w).
template <typename Visit>
void ForWindow(const ir::Window2d& w, int64_t oh, int64_t ow, int64_t lo_h, int64_t hi_h,
               int64_t lo_w, int64_t hi_w, Visit visit) {
  for (int64_t kh = 0; kh < w.kernel_h; ++kh) {
    const int64_t ih = oh * w.stride_h - w.pad_top + kh * w.dilation_h;
    if (ih < lo_h || ih >= hi_h) continue;
    for (int64_t kw = 0; kw < w.kernel_w; ++kw) {
      const int64_t iw = ow * w.stride_w - w.pad_left + kw * w.dilation_w;
      if (iw < lo_w || iw >= hi_w) continue;
      visit(ih, iw);
    }
  }
}

}  // namespace

template <typename T>
void MaxPool2d(const ir::PoolGeometry& g, const T* x, T* y) {
  const ir::Window2d& w = g.window;
  for (int64_t plane = 0; plane < g.batch * g.channels; ++plane) {
    const T* xp = x + plane * w.in_h * w.in_w;
    T* yp = y + plane * w.out_h * w.out_w;
    for (int64_t oh = 0; oh < w.out_h; ++oh) {
      for (int64_t ow = 0; ow < w.out_w; ++ow) {
        T best = std::numeric_limits<T>::lowest();
        ForWindow(w, oh, ow, 0, w.in_h, 0, w.in_w,
                  [&](int64_t ih, int64_t iw) { best = std::max(best, xp[ih * w.in_w + iw]); });
        yp[oh * w.out_w + ow] = best;
      }
    }
  }
}

template void MaxPool2d<float>(const ir::PoolGeometry&, const float*, float*);
template void MaxPool2d<uint8_t>(const ir::PoolGeometry&, const uint8_t*, uint8_t*);
template void MaxPool2d<int8_t>(const ir::PoolGeometry&, const int8_t*, int8_t*);

void AvgPool2dF32(const ir::PoolGeometry& g, const float* x, float* y) {
  const ir::Window2d& w = g.window;
  for (int64_t plane = 0; plane < g.batch * g.channels; ++plane) {
    const float* xp = x + plane * w.in_h * w.in_w;
    float* yp = y + plane * w.out_h * w.out_w;
    for (int64_t oh = 0; oh < w.out_h; ++oh) {
      for (int64_t ow = 0; ow < w.out_w; ++ow) {
        double total = 0;
        int64_t count = 0;
        ForWindow(w, oh, ow, 0, w.in_h, 0, w.in_w, [&](int64_t ih, int64_t iw) {
          total += xp[ih * w.in_w + iw];
          ++count;
        });
        if (g.count_include_pad) {
          count = 0;
          ForWindow(w, oh, ow, -w.pad_top, w.in_h + w.pad_bottom, -w.pad_left,
                    w.in_w + w.pad_right, [&](int64_t, int64_t) { ++count; });
        }
        yp[oh * w.out_w + ow] = count > 0 ? static_cast<float>(total / count) : 0.f;
      }
    }
  }
}

void GlobalAvgPoolF32(int64_t planes, int64_t spatial, const float* x, float* y) {
  for (int64_t p = 0; p < planes; ++p) {
    double total = 0;
    for (int64_t i = 0; i < spatial; ++i) total += x[p * spatial + i];
    y[p] = static_cast<float>(total / spatial);
  }
}

template <typename T>
void GlobalMaxPool(int64_t planes, int64_t spatial, const T* x, T* y) {
  for (int64_t p = 0; p < planes; ++p) {
    y[p] = *std::max_element(x + p * spatial, x + (p + 1) * spatial);
  }
}

template void GlobalMaxPool<float>(int64_t, int64_t, const float*, float*);
template void GlobalMaxPool<uint8_t>(int64_t, int64_t, const uint8_t*, uint8_t*);
template void GlobalMaxPool<int8_t>(int64_t, int64_t, const int8_t*, int8_t*);

}  // namespace mint8::kernels::reference
