// Add (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Add", 2, 2, {}, InferBroadcastBinary), ArithmeticTraits(BinaryArithmetic::kAdd)));

}  // namespace
}  // namespace mint8::ir::ops
