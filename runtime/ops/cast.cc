// Cast: the reference kernel.
#include <algorithm>
#include <string>
#include <vector>

#include "kernels/reference/elementwise.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  return kernels::reference::Cast(in[0], out[0]);
}

MINT8_REGISTER_LOWERING("Cast", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
