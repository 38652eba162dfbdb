// Slice: the reference kernel.
#include <algorithm>
#include <string>
#include <vector>

#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  const int rank = in[0].rank();
  const std::vector<int64_t> starts = Ints(in[1]);
  std::vector<int64_t> axes, steps;
  if (Present(in, 3)) {
    axes = Ints(in[3]);
  } else {
    for (size_t i = 0; i < starts.size(); ++i) axes.push_back(static_cast<int64_t>(i));
  }
  steps = Present(in, 4) ? Ints(in[4]) : std::vector<int64_t>(starts.size(), 1);
  std::vector<int64_t> begin(rank, 0), stride(rank, 1);
  for (size_t i = 0; i < axes.size(); ++i) {
    const int64_t axis = axes[i] < 0 ? axes[i] + rank : axes[i];
    const int64_t dim = in[0].dims[axis];
    int64_t s = starts[i] < 0 ? starts[i] + dim : starts[i];
    s = steps[i] > 0 ? std::clamp<int64_t>(s, 0, dim) : std::clamp<int64_t>(s, 0, dim - 1);
    begin[axis] = s;
    stride[axis] = steps[i];
  }
  kernels::reference::StridedSlice(in[0], begin, stride, out[0]);
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Slice", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
