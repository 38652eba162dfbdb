// Sqrt (ONNX): sqrt(x), elementwise, f32 (NaN below 0, as ONNX).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Sqrt", 1, 1, {}, InferFloatUnary),
                       MathTraits(MathFunction::kSqrt, AlwaysNonNegative)));

}  // namespace
}  // namespace mint8::ir::ops
