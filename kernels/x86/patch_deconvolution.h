// PatchDeconvolution: a deconvolution (ONNX ConvTranspose) whose strides
// equal its kernel, without padding, dilation or groups: each input pixel
// writes its own kernel_h x kernel_w patch of the f32 output,
//
//   y[n, oy * kh + i, ox * kw + j, o] = act(b[o] + sum_c x[n, oy, ox, c] * w[c, o, i, j])
//
// with act none, ReLU or sigmoid, x f32 channels-last or in blocks of 8
// channels (nChw8c), y channels-last. An INT8 source (u8 or s8,
// channels-last) with s8 weights, s32 bias and one scale per output channel
// gives
//
//   y[...] = act(float(sum_c (x[...] - zero_point) * w[c, o, i, j] + b[o]) * scale[o])
//
// the sum exact (in_channels up to 513). The upsampling heads of text detectors end this
// way (PP-OCRv4 det: 24 -> 1 channel, 2x2 stride 2, to 640x640). oneDNN 2.6
// runs that shape as a gemm deconvolution on plain nchw data: a reorder of the
// 9.8 MB input first, then about 2 ms for 10 M multiply-adds (Zen 3 core).
//
// An f32 sum has a fixed order, which the AVX2 loop and the reference share
// bit for bit: input channel c goes to partial sum c mod 8 (fused
// multiply-adds, channels in increasing order), the partials are added as
// ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)), then the bias (0
// without one); sigmoid is 1 / (1 + ExpReference(-v clamped to [-87, 87]))
// (vector_math.h).
//
//   auto deconv = PatchDeconvolution::Create(p, weights, bias, BestAvailableIsa());
//   (*deconv)->Run(x, y);   // thread-safe; OpenMP threads over input rows
#ifndef MINT8_KERNELS_X86_PATCH_DECONVOLUTION_H_
#define MINT8_KERNELS_X86_PATCH_DECONVOLUTION_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/patch_deconvolution_kernels.h"

namespace mint8::x86 {

// The oracles: the formulas above (f32 in the stated order), one output at
// a time. weights: ONNX [in_channels, out_channels, kernel_h, kernel_w];
// bias: out_channels values or null; scales: out_channels values.
void PatchDeconvolutionReference(const PatchDeconvolutionParams& p, const float* weights, const float* bias,
                                 const float* x, float* y);
void PatchDeconvolutionInt8Reference(const PatchDeconvolutionParams& p, const int8_t* weights,
                                     const int32_t* bias, const float* scales, const void* x, float* y);

class PatchDeconvolution {
 public:
  // An f32 source: copies the weights and bias (layouts as above; bias may
  // be null). InvalidArgument for empty shapes, an INT8 source or a blocked
  // source whose channels are not a multiple of 8.
  static absl::StatusOr<std::unique_ptr<PatchDeconvolution>> Create(const PatchDeconvolutionParams& p,
                                                                    const float* weights, const float* bias,
                                                                    Isa isa);
  // An INT8 source (channels-last, at most 513 channels), s8 weights, s32
  // bias (may be null), out_channels scales; copied.
  static absl::StatusOr<std::unique_ptr<PatchDeconvolution>> CreateInt8(const PatchDeconvolutionParams& p,
                                                                        const int8_t* weights,
                                                                        const int32_t* bias,
                                                                        const float* scales, Isa isa);
  // x: the input in the params' layout; y: [batch, height * kernel_h,
  // width * kernel_w, out_channels].
  void Run(const void* x, void* y) const;
  Isa isa() const { return isa_; }

 private:
  PatchDeconvolution(const PatchDeconvolutionParams& p, Isa isa) : params_(p), isa_(isa) {}
  // The AVX2 loop's weights and epilogue from weights as floats (exact for
  // s8 ones).
  void Pack(const float* weights);
  PatchDeconvolutionParams params_;
  Isa isa_;
  // As given, for the reference path.
  std::vector<float> weights_, bias_;
  std::vector<int8_t> weights_s8_;
  std::vector<int32_t> bias_s32_;
  std::vector<float> scales_;
  // The AVX2 loop's, by output k.
  std::vector<float> packed_, bias_by_output_, scale_by_output_;
  std::vector<int32_t> offset_by_output_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_PATCH_DECONVOLUTION_H_
