// Requantize: a oneDNN reorder when per tensor (quantization_reorder.h).
#include "kernels/reference/quantization.h"
#include "runtime/ops/quantization_reorder.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  return kernels::reference::Requantize(in[0], out[0]);
}

MINT8_REGISTER_LOWERING("Requantize", OpLowering{Reference, nullptr,
                                                 QuantizationReorderLowering(QuantizationStep::kRequantize)});

}  // namespace
}  // namespace mint8::runtime::ops
