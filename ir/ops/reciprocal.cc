// Reciprocal (ONNX): 1/x, elementwise, f32.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Reciprocal", 1, 1, {}, InferFloatUnary), MathTraits(MathFunction::kReciprocal)));

}  // namespace
}  // namespace mint8::ir::ops
