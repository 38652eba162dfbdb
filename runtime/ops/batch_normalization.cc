// BatchNormalization (inference): folded into the producing Conv/Gemm by
// ir/passes/batchnorm_folding where it can be; otherwise the reference kernel.
#include "kernels/reference/normalization.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  kernels::reference::BatchNormF32(in[0], in[1].data<float>(), in[2].data<float>(), in[3].data<float>(),
                                   in[4].data<float>(), node.attributes.GetFloat("epsilon", 1e-5f),
                                   out[0].data<float>());
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("BatchNormalization", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
