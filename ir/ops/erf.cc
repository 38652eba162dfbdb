// Erf (ONNX): the error function, elementwise, f32 (GELU's building block).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Erf", 1, 1, {}, InferFloatUnary), MathTraits(MathFunction::kErf)));

}  // namespace
}  // namespace mint8::ir::ops
