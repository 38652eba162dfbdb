// Add: broadcasting, on oneDNN's binary primitive (binary.h).
#include "runtime/ops/binary.h"

namespace mint8::runtime::ops {
namespace {

MINT8_REGISTER_LOWERING("Add", BinaryLowering(kernels::reference::BinaryOp::kAdd, dnnl::algorithm::binary_add,
                                              /*commutative=*/true));

}  // namespace
}  // namespace mint8::runtime::ops
