// Split: the reference kernel, for graphs run as written (optimized graphs
// have Slices instead: ir/passes/cleanup_passes.h's ExpansionPass).
#include <vector>

#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

// Each output is the next window along the axis, as wide as that output.
absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  const int rank = static_cast<int>(in[0].dims.size());
  const int64_t axis = Axis(node, "axis", 0, rank);
  std::vector<int64_t> begin(rank, 0);
  const std::vector<int64_t> step(rank, 1);
  for (const ir::MutableTensorView& part : out) {
    kernels::reference::StridedSlice(in[0], begin, step, part);
    begin[axis] += part.dims[axis];
  }
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Split", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
