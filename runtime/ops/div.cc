// Div: broadcasting, on oneDNN's binary primitive (binary.h).
#include "runtime/ops/binary.h"

namespace mint8::runtime::ops {
namespace {

MINT8_REGISTER_LOWERING("Div", BinaryLowering(kernels::reference::BinaryOp::kDiv, dnnl::algorithm::binary_div,
                                              /*commutative=*/false));

}  // namespace
}  // namespace mint8::runtime::ops
