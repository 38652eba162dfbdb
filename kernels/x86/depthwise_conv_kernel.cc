#include "kernels/x86/depthwise_conv_kernel.h"

#include "absl/strings/str_cat.h"
#include "oneapi/dnnl/dnnl_types.h"

namespace mint8::x86 {

std::string DepthwiseConvKernel::implementation() const {
  return absl::StrCat("mint8_dw:", IsaName(conv_->isa()));
}

absl::Status DepthwiseConvKernel::Execute(kernels::KernelContext& ctx) const {
  const int src = ValueOf(DNNL_ARG_SRC), dst = ValueOf(DNNL_ARG_DST);
  if (src < 0 || dst < 0)
    return absl::InternalError("depthwise conv kernel run before its values were bound");
  conv_->Run(ctx.data(src), ctx.data(dst));
  return absl::OkStatus();
}

}  // namespace mint8::x86
