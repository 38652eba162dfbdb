#include "runtime/kernel_timing.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace mint8::runtime {
namespace {

// Records the addresses of the values bound to its arguments.
class AddressRecorder : public kernels::BoundKernel {
 public:
  absl::string_view op_type() const override { return "Test"; }
  std::string implementation() const override { return "recorder"; }
  absl::Status Execute(kernels::KernelContext& ctx) const override {
    for (const auto& [arg, value] : value_args()) addresses_.push_back(ctx.data(value));
    return absl::OkStatus();
  }
  mutable std::vector<void*> addresses_;
};

// Scratch values are aligned as the plan's arena aligns values: oneDNN's f32
// nearest resampling uses aligned loads and crashed on malloc's alignment.
TEST(KernelTimingTest, ScratchValuesAreCacheLineAligned) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  const dnnl::memory::desc in({1, 96, 80, 80}, dt::f32, tag::nhwc),
      out({1, 96, 160, 160}, dt::f32, tag::nhwc);
  const dnnl::memory::desc bytes({1, 3, 5, 7}, dt::u8, tag::nhwc);
  AddressRecorder kernel;
  ASSERT_TRUE(TimeKernel(kernel, {DNNL_ARG_SRC, DNNL_ARG_SRC_1}, {in, bytes}, DNNL_ARG_DST, out).ok());
  ASSERT_FALSE(kernel.addresses_.empty());
  for (void* a : kernel.addresses_) EXPECT_EQ(reinterpret_cast<uintptr_t>(a) % 64, 0u) << a;
}

}  // namespace
}  // namespace mint8::runtime
