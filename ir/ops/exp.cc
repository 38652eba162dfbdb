// Exp (ONNX): e^x, elementwise, f32.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Exp", 1, 1, {}, InferFloatUnary),
                       MathTraits(MathFunction::kExp, AlwaysNonNegative)));

}  // namespace
}  // namespace mint8::ir::ops
