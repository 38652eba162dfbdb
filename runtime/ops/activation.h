// The elementwise activations (Relu, Clip, Sigmoid, ...): one reference
// function and one oneDNN lowering for all of them, parameterized by the
// post-op their traits declare (ir/op_traits.h).
#ifndef MINT8_RUNTIME_OPS_ACTIVATION_H_
#define MINT8_RUNTIME_OPS_ACTIVATION_H_

#include "runtime/lowering.h"

namespace mint8::runtime::ops {

// The OpLowering of an activation op; INT8 inputs run on the reference
// kernel (only Clip accepts them).
OpLowering ActivationLowering();

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_ACTIVATION_H_
