// Silu: the activations' shared reference function and oneDNN eltwise
// lowering (eltwise_swish with alpha 1).
#include "runtime/ops/activation.h"

namespace mint8::runtime::ops {
namespace {

MINT8_REGISTER_LOWERING("Silu", ActivationLowering());

}  // namespace
}  // namespace mint8::runtime::ops
