// Sub: broadcasting, on oneDNN's binary primitive (binary.h).
#include "runtime/ops/binary.h"

namespace mint8::runtime::ops {
namespace {

MINT8_REGISTER_LOWERING("Sub", BinaryLowering(kernels::reference::BinaryOp::kSub, dnnl::algorithm::binary_sub,
                                              /*commutative=*/false));

}  // namespace
}  // namespace mint8::runtime::ops
