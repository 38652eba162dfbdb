// Log (ONNX): natural logarithm, elementwise, f32.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Log", 1, 1, {}, InferFloatUnary), MathTraits(MathFunction::kLog)));

}  // namespace
}  // namespace mint8::ir::ops
