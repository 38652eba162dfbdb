// ReduceMean: the reference kernel.
#include <algorithm>
#include <string>
#include <vector>

#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  std::vector<bool> reduce(in[0].rank(), !node.attributes.Has("axes"));
  for (int64_t axis : node.attributes.GetInts("axes")) reduce[axis < 0 ? axis + in[0].rank() : axis] = true;
  kernels::reference::ReduceMeanF32(in[0], reduce, out[0].data<float>());
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("ReduceMean", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
