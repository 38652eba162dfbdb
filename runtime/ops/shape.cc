// Shape: folded away once input shapes are bound; the reference kernel.
#include <algorithm>
#include <string>
#include <vector>

#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  const int64_t rank = in[0].rank();
  const int64_t start = std::clamp<int64_t>(Axis(node, "start", 0, static_cast<int>(rank)), 0, rank);
  for (int64_t i = 0; i < out[0].num_elements(); ++i) out[0].data<int64_t>()[i] = in[0].dims[start + i];
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Shape", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
