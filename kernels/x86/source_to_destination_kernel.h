// SourceToDestinationKernel: one of mint8's x86 kernels (DepthwiseConvInt8,
// QuantizeToNhwc, ...) as a plan step that reads DNNL_ARG_SRC and writes
// DNNL_ARG_DST. `Impl` has `void Run(const void* src, void* dst) const` and
// `Isa isa() const`.
//
//   auto k = std::make_unique<SourceToDestinationKernel<DepthwiseConvInt8>>("Conv", "mint8_dw",
//   std::move(conv));
#ifndef MINT8_KERNELS_X86_SOURCE_TO_DESTINATION_KERNEL_H_
#define MINT8_KERNELS_X86_SOURCE_TO_DESTINATION_KERNEL_H_

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "kernels/kernel.h"
#include "kernels/x86/cpu_features.h"
#include "oneapi/dnnl/dnnl_types.h"

namespace mint8::x86 {

template <typename Impl>
class SourceToDestinationKernel : public kernels::BoundKernel {
 public:
  // implementation() is "<name>:<isa>", e.g. "mint8_dw:avx2".
  SourceToDestinationKernel(std::string op_type, absl::string_view name, std::unique_ptr<Impl> impl)
      : op_type_(std::move(op_type)),
        implementation_(absl::StrCat(name, ":", IsaName(impl->isa()))),
        impl_(std::move(impl)) {}

  absl::string_view op_type() const override { return op_type_; }
  std::string implementation() const override { return implementation_; }
  absl::Status Execute(kernels::KernelContext& ctx) const override {
    const int src = ValueOf(DNNL_ARG_SRC), dst = ValueOf(DNNL_ARG_DST);
    if (src < 0 || dst < 0) return absl::InternalError(absl::StrCat(implementation_, " run before binding"));
    impl_->Run(ctx.data(src), ctx.data(dst));
    return absl::OkStatus();
  }

 private:
  std::string op_type_;
  std::string implementation_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_SOURCE_TO_DESTINATION_KERNEL_H_
