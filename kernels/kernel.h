// Kernel: one compiled operation of an execution plan, and KernelContext, the
// per-run storage it reads and writes.
//
// A plan is a list of kernels over numbered values (tensors). Kernels are
// created once when a session compiles (primitives chosen, weights packed)
// and are immutable afterwards, so one kernel serves every run context
// concurrently. Each context owns the storage: a data pointer per value, the
// oneDNN memory object wrapping it (for values with a oneDNN layout), a
// stream, and scratchpad space.
#ifndef MINT8_KERNELS_KERNEL_H_
#define MINT8_KERNELS_KERNEL_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace mint8::kernels {

class KernelContext {
 public:
  KernelContext(dnnl::stream stream, size_t num_values)
      : stream_(std::move(stream)), pointers_(num_values, nullptr), memories_(num_values) {}

  void* data(int value) const { return pointers_[value]; }
  const dnnl::memory& memory(int value) const { return memories_[value]; }
  const dnnl::stream& stream() const { return stream_; }
  const dnnl::memory& scratchpad() const { return scratchpad_; }

  // Set up by the runtime when it creates the context and binds user data.
  void set_data(int value, void* data) { pointers_[value] = data; }
  void set_memory(int value, dnnl::memory memory) { memories_[value] = std::move(memory); }
  // Points value `value` (data and memory) at `data`, without allocating.
  void Rebind(int value, void* data) {
    pointers_[value] = data;
    if (memories_[value]) memories_[value].set_data_handle(data);
  }
  void set_scratchpad(dnnl::memory scratchpad) { scratchpad_ = std::move(scratchpad); }
  // Room for the arguments of one primitive execution: sized once (by the
  // largest Kernel::num_exec_args of the plan) so that runs never allocate.
  void reserve_exec_args(size_t n) { exec_args_.reserve(n); }
  std::vector<dnnl_exec_arg_t>& exec_args() { return exec_args_; }

 private:
  dnnl::stream stream_;
  std::vector<void*> pointers_;
  std::vector<dnnl::memory> memories_;
  dnnl::memory scratchpad_;
  std::vector<dnnl_exec_arg_t> exec_args_;
};

class Kernel {
 public:
  virtual ~Kernel() = default;
  // The graph operator (or plan step such as "Reorder") this kernel runs.
  virtual absl::string_view op_type() const = 0;
  // Which implementation runs it: oneDNN's name ("brgconv:avx512_core") or
  // "mint8:reference".
  virtual std::string implementation() const = 0;
  // Scratchpad bytes Execute needs in the context.
  virtual size_t scratchpad_bytes() const { return 0; }
  // Arguments one Execute passes to oneDNN (see KernelContext::exec_args).
  virtual size_t num_exec_args() const { return 0; }
  virtual absl::Status Execute(KernelContext& ctx) const = 0;
};

// A kernel whose arguments (DNNL_ARG_SRC, DNNL_ARG_DST, ...) read and write
// plan values bound once when the plan is built: oneDNN primitives and
// mint8's own x86 kernels.
class BoundKernel : public Kernel {
 public:
  // Argument `arg` reads/writes plan value `value` at run time; binding an
  // argument again replaces its value (kernels are timed on scratch values
  // before the plan binds them). Kernels made of others bind those too.
  virtual void BindValue(int arg, int value) {
    for (auto& [bound_arg, bound_value] : value_args_) {
      if (bound_arg == arg) {
        bound_value = value;
        return;
      }
    }
    value_args_.push_back({arg, value});
  }

 protected:
  const std::vector<std::pair<int, int>>& value_args() const { return value_args_; }
  // The value bound to `arg` (-1 if none).
  int ValueOf(int arg) const {
    for (const auto& [bound_arg, value] : value_args_) {
      if (bound_arg == arg) return value;
    }
    return -1;
  }

 private:
  std::vector<std::pair<int, int>> value_args_;
};

}  // namespace mint8::kernels

#endif  // MINT8_KERNELS_KERNEL_H_
