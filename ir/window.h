// Window2d, ConvGeometry, PoolGeometry: fully resolved parameters of a 2-D
// convolution or pooling (explicit pads, output size), as kernels consume
// them. op_geometry.h derives them from nodes.
#ifndef MINT8_IR_WINDOW_H_
#define MINT8_IR_WINDOW_H_

#include <cstdint>

namespace mint8::ir {

// Spatial parameters shared by convolution and pooling (height, width order).
struct Window2d {
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t in_h = 0, in_w = 0;
  int64_t out_h = 0, out_w = 0;
};

// Whether a transposed convolution's window gives each input pixel its own
// output patch: strides equal to the kernel, no dilation, padding or output
// padding (a detector's upsampling head; mint8 has a kernel for it).
inline bool IsPatchWindow(const Window2d& w) {
  return w.kernel_h == w.stride_h && w.kernel_w == w.stride_w && w.dilation_h == 1 && w.dilation_w == 1 &&
         w.pad_top == 0 && w.pad_left == 0 && w.out_h == w.in_h * w.kernel_h &&
         w.out_w == w.in_w * w.kernel_w;
}

struct ConvGeometry {
  int64_t batch = 0, in_channels = 0, out_channels = 0, group = 1;
  Window2d window;
  bool depthwise() const { return group > 1 && group == in_channels && group == out_channels; }
};

struct PoolGeometry {
  int64_t batch = 0, channels = 0;
  Window2d window;
  bool count_include_pad = false;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_WINDOW_H_
