// Gelu: the activations' shared reference function and oneDNN eltwise
// lowering (eltwise_gelu_erf).
#include "runtime/ops/activation.h"

namespace mint8::runtime::ops {
namespace {

MINT8_REGISTER_LOWERING("Gelu", ActivationLowering());

}  // namespace
}  // namespace mint8::runtime::ops
