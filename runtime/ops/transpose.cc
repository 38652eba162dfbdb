// Transpose: the reference kernel (a oneDNN reorder could do it; not yet).
#include <algorithm>
#include <string>
#include <vector>

#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  std::vector<int64_t> perm = node.attributes.GetInts("perm");
  if (perm.empty()) {
    for (int i = in[0].rank() - 1; i >= 0; --i) perm.push_back(i);
  }
  kernels::reference::Transpose(in[0], perm, out[0]);
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Transpose", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
