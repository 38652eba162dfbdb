// Mul (ONNX semantics, opset 13 form). In INT8 graphs its operands may be
// u8/s8 (each with its own scale) or f32, and its output INT8 or f32
// (QuantizationRole::kScaledProduct: squeeze-excite gating).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

OpTraits MulTraits() {
  OpTraits t = ArithmeticTraits(BinaryArithmetic::kMul);
  t.quantization = QuantizationRole::kScaledProduct;
  return t;
}

MINT8_REGISTER_OP(With(Op("Mul", 2, 2, {}, InferQuantizableBinary), MulTraits()));

}  // namespace
}  // namespace mint8::ir::ops
