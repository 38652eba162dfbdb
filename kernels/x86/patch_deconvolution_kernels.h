// The parameters of PatchDeconvolution (patch_deconvolution.h) and its
// AVX2 loop.
#ifndef MINT8_KERNELS_X86_PATCH_DECONVOLUTION_KERNELS_H_
#define MINT8_KERNELS_X86_PATCH_DECONVOLUTION_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

enum class PatchActivation { kNone, kRelu, kSigmoid };
enum class PatchSource { kF32, kU8, kS8 };

struct PatchDeconvolutionParams {
  int64_t batch = 1, height = 0, width = 0;  // of the input
  int64_t in_channels = 0, out_channels = 0;
  int64_t kernel_h = 1, kernel_w = 1;  // also the strides
  // x in blocks of 8 channels (nChw8c, in_channels a multiple of 8), else
  // channels-last.
  bool blocked_source = false;
  PatchActivation activation = PatchActivation::kNone;
  PatchSource source = PatchSource::kF32;
  int32_t zero_point = 0;  // of an INT8 source
};

// What the AVX2 loop adds to each output's sum, by output k (PatchOutputs(p)
// rounded up to 4 values each): f32 sources the bias; INT8 sources
// act(scale * (sum + offset)), the offset holding the bias and the source
// zero point's share (patch_deconvolution.h).
struct PatchEpilogue {
  const float* bias = nullptr;
  const int32_t* offsets = nullptr;
  const float* scales = nullptr;
};

// The outputs one input pixel writes: kernel_h * kernel_w * out_channels,
// ordered (i, j, o) so that each kernel row's outputs are contiguous.
inline int64_t PatchOutputs(const PatchDeconvolutionParams& p) {
  return p.kernel_h * p.kernel_w * p.out_channels;
}

// Input row `row` (of batch * height) into its kernel_h output rows. The
// weights, as floats, are packed for each group of 4 outputs, for each
// block of 8 input channels, as 4 vectors of 8 channel weights.
// in_channels is a multiple of 8.
void PatchDeconvolutionRowAvx2(const PatchDeconvolutionParams& p, const float* packed_weights,
                               const PatchEpilogue& epilogue, const void* x, float* y, int64_t row);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_PATCH_DECONVOLUTION_KERNELS_H_
