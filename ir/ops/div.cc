// Div (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

OpTraits Traits() {
  OpTraits traits;
  traits.arithmetic = BinaryArithmetic::kDiv;
  return traits;
}

MINT8_REGISTER_OP(With(Op("Div", 2, 2, {}, InferBroadcastBinary), Traits()));

}  // namespace
}  // namespace mint8::ir::ops
