// Gelu (mint8; ONNX has it only from opset 20): 0.5 x (1 + erf(x / sqrt(2))).
// GeluPatternPass forms it from the Div/Erf/Add/Mul/Mul that exporters write;
// it then fuses into the producing MatMul/Conv like any activation, and is
// exported as those five ONNX ops again.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(NotInOnnx(With(Op("Gelu", 1, 1, {}, InferFloatUnary),
                                 ActivationTraits(Activation<PostOpKind::kGelu>))));

}  // namespace
}  // namespace mint8::ir::ops
