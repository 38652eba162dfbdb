// Relu (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Relu", 1, 1, {}, InferFloatUnary),
                       ActivationTraits(Activation<PostOpKind::kRelu>, AlwaysNonNegative)));

}  // namespace
}  // namespace mint8::ir::ops
