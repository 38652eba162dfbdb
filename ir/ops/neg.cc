// Neg (ONNX): -x, elementwise, f32.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Neg", 1, 1, {}, InferFloatUnary), MathTraits(MathFunction::kNeg)));

}  // namespace
}  // namespace mint8::ir::ops
