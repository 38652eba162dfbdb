// Add (ONNX semantics, opset 13 form). In INT8 graphs it may add two INT8
// operands of its output's shape, each read with its own scale, into an INT8
// output with its own (QuantizationRole::kScaledSum: a detector's FPN sums).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

OpTraits AddTraits() {
  OpTraits t = ArithmeticTraits(BinaryArithmetic::kAdd);
  t.quantization = QuantizationRole::kScaledSum;
  return t;
}

MINT8_REGISTER_OP(With(Op("Add", 2, 2, {}, InferQuantizableBinary), AddTraits()));

}  // namespace
}  // namespace mint8::ir::ops
