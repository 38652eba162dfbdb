// Pad: the reference kernel (zero spatial padding before a Conv becomes the
// Conv's own padding, ir/passes/fusion_passes.h).
#include <algorithm>
#include <string>
#include <vector>

#include "ir/status_macros.h"
#include "kernels/reference/elementwise.h"
#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  namespace ref = kernels::reference;
  const std::string mode = node.attributes.GetString("mode", "constant");
  const ref::PadMode m = mode == "reflect" ? ref::PadMode::kReflect
                         : mode == "edge"  ? ref::PadMode::kEdge
                                           : ref::PadMode::kConstant;
  float value = 0;
  if (Present(in, 2)) {
    ir::MutableTensorView v{ir::DataType::kF32, {1}, &value};
    MINT8_RETURN_IF_ERROR(ref::Cast(ir::ConstTensorView{in[2].dtype, {1}, in[2].raw}, v));
  }
  ref::Pad(in[0], Ints(in[1]), m, value, out[0]);
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Pad", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
