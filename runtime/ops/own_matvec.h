// mint8's own INT8 mat-vec (kernels/x86/int8_matvec.h plus the
// requantization epilogue) as the alternative to oneDNN's for a 1x1
// convolution on a 1x1 map and for an inner product (Gemm): the two 1x1
// convolutions of every squeeze-excite block, where the oneDNN call (about a
// microsecond) costs far more than the few thousand multiply-adds, and a
// classifier's last layer at batch 1, which oneDNN 2.6's AVX2 INT8 inner
// product (gemm_s8u8s32) runs at a fraction of the memory bandwidth. It
// covers u8/s8 sources (any zero point) and u8/s8/f32 destinations,
// per-channel scales, any activation post-ops but a residual sum or fake
// quantization, a source already holding dense rows. Which of the two runs is
// timed per layer.
#ifndef MINT8_RUNTIME_OPS_OWN_MATVEC_H_
#define MINT8_RUNTIME_OPS_OWN_MATVEC_H_

#include <optional>
#include <string>

#include "kernels/onednn/convolution.h"
#include "kernels/onednn/inner_product.h"
#include "runtime/lowering.h"

namespace mint8::runtime::ops {

// The kernel for the INT8 convolution or inner product `spec` describes, or
// nullopt when it does not cover it.
std::optional<OwnKernel> OwnMatVecKernel(const kernels::onednn::ConvolutionSpec& spec);
std::optional<OwnKernel> OwnMatVecKernel(const kernels::onednn::InnerProductSpec& spec);

// What the kernel-timing cache keys on for OwnMatVecKernel's race.
std::string MatVecSignature(const kernels::onednn::ConvolutionSpec& spec);
std::string MatVecSignature(const kernels::onednn::InnerProductSpec& spec);

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_OWN_MATVEC_H_
