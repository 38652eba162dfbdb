// Gather: the reference kernel.
#include <algorithm>
#include <string>
#include <vector>

#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  return kernels::reference::Gather(in[0], in[1], Axis(node, "axis", 0, in[0].rank()), out[0]);
}

MINT8_REGISTER_LOWERING("Gather", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
