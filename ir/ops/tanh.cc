// Tanh (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Tanh", 1, 1, {}, InferFloatUnary),
                       ActivationTraits(Activation<PostOpKind::kTanh>)));

}  // namespace
}  // namespace mint8::ir::ops
