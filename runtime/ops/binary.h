// The broadcasting binary ops (Add, Sub, Mul, Div): one reference function
// and one oneDNN lowering, by arithmetic operation.
#ifndef MINT8_RUNTIME_OPS_BINARY_H_
#define MINT8_RUNTIME_OPS_BINARY_H_

#include "kernels/reference/elementwise.h"
#include "oneapi/dnnl/dnnl.hpp"
#include "runtime/lowering.h"

namespace mint8::runtime::ops {

// `reference` and `algorithm` name the same operation; `commutative` lets
// the lowering swap operands so the full-shape one comes first.
OpLowering BinaryLowering(kernels::reference::BinaryOp reference, dnnl::algorithm algorithm,
                          bool commutative);

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_BINARY_H_
