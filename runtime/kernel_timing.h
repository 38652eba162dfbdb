// TimeKernel: how long one Execute of a plan-step kernel takes on this CPU,
// on scratch values of the layouts it reads and writes. The plan builder
// uses it to pick between oneDNN and mint8's own kernel for a node.
#ifndef MINT8_RUNTIME_KERNEL_TIMING_H_
#define MINT8_RUNTIME_KERNEL_TIMING_H_

#include <vector>

#include "absl/status/statusor.h"
#include "kernels/kernel.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace mint8::runtime {

// Binds `input_args[i]` to scratch value i (layout input_descs[i]) and
// `output_arg` to value n, runs once to warm up, then times up to 15 runs
// (stopping after about 20 ms) and returns the fastest, in milliseconds.
// The kernel stays bound to the scratch values: bind it again before use.
absl::StatusOr<double> TimeKernel(kernels::BoundKernel& kernel, const std::vector<int>& input_args,
                                  const std::vector<dnnl::memory::desc>& input_descs, int output_arg,
                                  const dnnl::memory::desc& output_desc);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_KERNEL_TIMING_H_
