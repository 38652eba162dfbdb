// Mul: broadcasting, on oneDNN's binary primitive (binary.h).
#include "runtime/ops/binary.h"

namespace mint8::runtime::ops {
namespace {

MINT8_REGISTER_LOWERING("Mul", BinaryLowering(kernels::reference::BinaryOp::kMul, dnnl::algorithm::binary_mul,
                                              /*commutative=*/true));

}  // namespace
}  // namespace mint8::runtime::ops
