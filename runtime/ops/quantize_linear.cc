// QuantizeLinear: a oneDNN reorder when per tensor (quantization_reorder.h).
#include "kernels/reference/quantization.h"
#include "runtime/ops/quantization_reorder.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  return kernels::reference::QuantizeLinear(in[0], in[1], Present(in, 2) ? &in[2] : nullptr,
                                            Axis(node, "axis", 1, in[0].rank()), out[0]);
}

MINT8_REGISTER_LOWERING("QuantizeLinear",
                        OpLowering{Reference, nullptr,
                                   QuantizationReorderLowering(QuantizationStep::kQuantize)});

}  // namespace
}  // namespace mint8::runtime::ops
