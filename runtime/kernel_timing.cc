#include "runtime/kernel_timing.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"

namespace mint8::runtime {
namespace {

// Small, varied values: no NaN or denormal floats, every byte value for
// integer tensors.
void FillScratch(const dnnl::memory::desc& desc, uint8_t* bytes, size_t size) {
  if (desc.data_type() == dnnl::memory::data_type::f32) {
    auto* f = reinterpret_cast<float*>(bytes);
    for (size_t i = 0; i < size / sizeof(float); ++i) f[i] = static_cast<float>(i % 17) * 0.125f - 1.f;
    return;
  }
  for (size_t i = 0; i < size; ++i) bytes[i] = static_cast<uint8_t>(i * 37 + 11);
}

// Buffers aligned as the plan's arena aligns values: some oneDNN kernels
// use aligned vector loads (its f32 nearest resampling crashed on malloc's
// 16-byte alignment).
constexpr size_t kAlignment = 64;

uint8_t* Aligned(std::vector<uint8_t>& storage) {
  const auto at = reinterpret_cast<uintptr_t>(storage.data());
  return storage.data() + (kAlignment - at % kAlignment) % kAlignment;
}

}  // namespace

absl::StatusOr<double> TimeKernel(kernels::BoundKernel& kernel, const std::vector<int>& input_args,
                                  const std::vector<dnnl::memory::desc>& input_descs, int output_arg,
                                  const dnnl::memory::desc& output_desc) {
  const dnnl::engine& engine = kernels::onednn::CpuEngine();
  const size_t n = input_args.size();
  dnnl::stream stream(engine);
  kernels::KernelContext ctx(stream, n + 1);
  std::vector<std::vector<uint8_t>> storage(n + 1);
  for (size_t i = 0; i <= n; ++i) {
    const dnnl::memory::desc& desc = i < n ? input_descs[i] : output_desc;
    const size_t size = std::max<size_t>(desc.get_size(), 1);
    storage[i].resize(size + kAlignment);
    uint8_t* data = Aligned(storage[i]);
    FillScratch(desc, data, size);
    ctx.set_data(static_cast<int>(i), data);
    ctx.set_memory(static_cast<int>(i), dnnl::memory(desc, engine, data));
    kernel.BindValue(i < n ? input_args[i] : output_arg, static_cast<int>(i));
  }
  const size_t scratchpad_size = std::max<size_t>(kernel.scratchpad_bytes(), 1);
  std::vector<uint8_t> scratchpad(scratchpad_size + kAlignment);
  ctx.set_scratchpad(
      dnnl::memory(dnnl::memory::desc({static_cast<int64_t>(scratchpad_size)}, dnnl::memory::data_type::u8,
                                      dnnl::memory::format_tag::x),
                   engine, Aligned(scratchpad)));
  ctx.reserve_exec_args(kernel.num_exec_args());

  using Clock = std::chrono::steady_clock;
  MINT8_RETURN_IF_ERROR(kernel.Execute(ctx));
  stream.wait();
  double best_ms = 1e30;
  const Clock::time_point start = Clock::now();
  for (int run = 0; run < 15 && Clock::now() - start < std::chrono::milliseconds(20); ++run) {
    const Clock::time_point t0 = Clock::now();
    MINT8_RETURN_IF_ERROR(kernel.Execute(ctx));
    stream.wait();
    best_ms = std::min(best_ms, std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return best_ms;
}

}  // namespace mint8::runtime
