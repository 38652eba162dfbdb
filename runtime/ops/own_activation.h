// mint8's own SiLU (kernels/x86/activation.h) as the alternative to oneDNN's swish:
// for a Silu node, and for a convolution whose last post-op is SiLU, run as
// the convolution without it followed by mint8's SiLU - in place over an f32
// destination, or into an f32 intermediate that mint8's SiLU quantizes for
// an INT8 destination. oneDNN's swish post-op costs about three cycles a
// value on AVX2; which of the two runs is timed per layer (EmitFastest).
#ifndef MINT8_RUNTIME_OPS_OWN_ACTIVATION_H_
#define MINT8_RUNTIME_OPS_OWN_ACTIVATION_H_

#include <optional>
#include <string>

#include "kernels/onednn/convolution.h"
#include "kernels/onednn/inner_product.h"
#include "runtime/lowering.h"

namespace mint8::runtime::ops {

// SiLU reading and writing f32 values of layout `desc`; nullopt for other
// types.
std::optional<OwnKernel> OwnSiluKernel(const dnnl::memory::desc& desc);

// The convolution `spec` describes without its last post-op, then mint8's
// SiLU; nullopt unless that post-op is SiLU (with no residual sum, which the
// callers handle before), for an INT8 destination whose layout has padding,
// or when oneDNN offers only its reference code without it.
absl::StatusOr<std::optional<OwnKernel>> ConvThenOwnSilu(const kernels::onednn::ConvolutionSpec& spec);

// What the kernel-timing cache keys on for ConvThenOwnSilu's race.
std::string ConvSiluSignature(const kernels::onednn::ConvolutionSpec& spec);

// The INT8 inner product `spec` describes writing f32 without its last
// post-op, then mint8's GELU and quantization; nullopt unless that post-op is
// GELU and the destination INT8 (no residual sum), or when oneDNN offers only
// its reference code without it.
absl::StatusOr<std::optional<OwnKernel>> InnerProductThenOwnGelu(
    const kernels::onednn::InnerProductSpec& spec);

// What the kernel-timing cache keys on for InnerProductThenOwnGelu's race.
std::string InnerProductGeluSignature(const kernels::onednn::InnerProductSpec& spec);

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_OWN_ACTIVATION_H_
