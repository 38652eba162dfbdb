// Mul (ONNX semantics, opset 13 form). In INT8 graphs its operands may be
// u8/s8 (each with its own scale) or f32, and its output INT8 or f32
// (QuantizationRole::kScaledProduct: squeeze-excite gating).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferMul(InferenceContext& ctx) {
  if (!IsInt8(ctx.input_dtype(0)) && !IsInt8(ctx.input_dtype(1))) return InferBroadcastBinary(ctx);
  for (int i : {0, 1})
    MINT8_RETURN_IF_ERROR(RequireDtype(ctx, i, {DataType::kF32, DataType::kU8, DataType::kS8}));
  const DataType recorded = ctx.existing_output_dtype(0);
  const DataType out = IsInt8(recorded) ? recorded : DataType::kF32;
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out);
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(Dims dims, Broadcast(ctx, ctx.input_dims(0), ctx.input_dims(1)));
  ctx.SetOutput(0, out, Shape::Of(dims));
  return absl::OkStatus();
}

OpTraits MulTraits() {
  OpTraits t = ArithmeticTraits(BinaryArithmetic::kMul);
  t.quantization = QuantizationRole::kScaledProduct;
  return t;
}

MINT8_REGISTER_OP(With(Op("Mul", 2, 2, {}, InferMul), MulTraits()));

}  // namespace
}  // namespace mint8::ir::ops
