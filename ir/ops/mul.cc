// Mul (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Mul", 2, 2, {}, InferBroadcastBinary), ArithmeticTraits(BinaryArithmetic::kMul)));

}  // namespace
}  // namespace mint8::ir::ops
