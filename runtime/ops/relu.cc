// Relu: the activations' shared reference function and oneDNN eltwise lowering.
#include "runtime/ops/activation.h"

namespace mint8::runtime::ops {
namespace {

MINT8_REGISTER_LOWERING("Relu", ActivationLowering());

}  // namespace
}  // namespace mint8::runtime::ops
