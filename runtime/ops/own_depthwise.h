// mint8's own INT8 depthwise convolution (kernels/x86/depthwise_conv.h) as
// the alternative to oneDNN's for a Conv node, where it covers the node:
// depthwise (one filter per channel), no dilation, at most 49 taps, u8/s8
// in and out, an epilogue of per-channel scales, zero points and clamp-type
// activations (relu, clip, a narrowed range) or HardSwish / SiLU, no residual sum,
// and a
// producer that already writes channels-last.
#ifndef MINT8_RUNTIME_OPS_OWN_DEPTHWISE_H_
#define MINT8_RUNTIME_OPS_OWN_DEPTHWISE_H_

#include <optional>
#include <string>

#include "kernels/onednn/convolution.h"
#include "kernels/x86/depthwise_conv.h"
#include "runtime/lowering.h"

namespace mint8::runtime::ops {

// The kernel's parameters for the INT8 convolution `spec` describes, or
// nullopt when the kernel does not cover it (the layout aside).
std::optional<x86::DepthwiseConvParams> OwnDepthwiseParams(const kernels::onednn::ConvolutionSpec& spec);

// The kernel for the INT8 convolution `spec` describes (reading a source in
// layout `src_layout`), or nullopt when the kernel does not cover it.
std::optional<OwnKernel> OwnDepthwiseKernel(const kernels::onednn::ConvolutionSpec& spec,
                                            const dnnl::memory::desc& src_layout);

// What the kernel-timing cache keys on: shape, types, kernel and strides.
std::string DepthwiseSignature(const kernels::onednn::ConvolutionSpec& spec);

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_OWN_DEPTHWISE_H_
