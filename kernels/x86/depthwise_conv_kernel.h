// DepthwiseConvKernel: DepthwiseConvInt8 as a plan step. It reads
// DNNL_ARG_SRC and writes DNNL_ARG_DST, both channels-last (nhwc).
#ifndef MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNEL_H_
#define MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNEL_H_

#include <memory>
#include <string>

#include "kernels/kernel.h"
#include "kernels/x86/depthwise_conv.h"

namespace mint8::x86 {

class DepthwiseConvKernel : public kernels::BoundKernel {
 public:
  explicit DepthwiseConvKernel(std::unique_ptr<DepthwiseConvInt8> conv) : conv_(std::move(conv)) {}

  absl::string_view op_type() const override { return "Conv"; }
  // "mint8_dw:avx2", "mint8_dw:avx512_vnni" or "mint8_dw:generic".
  std::string implementation() const override;
  absl::Status Execute(kernels::KernelContext& ctx) const override;

 private:
  std::unique_ptr<DepthwiseConvInt8> conv_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNEL_H_
