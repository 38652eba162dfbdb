// DequantizeLinear (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferDequantizeLinear(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {DataType::kU8, DataType::kS8, DataType::kS32}));
  MINT8_RETURN_IF_ERROR(CheckQuantParams(ctx, 1, 2));
  if (ctx.has_input(2) && ctx.input_dtype(2) != ctx.input_dtype(0)) {
    return ctx.Error("zero point type differs from the input type");
  }
  ctx.SetOutput(0, kF32, ctx.input_shape(0));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(With(Op("DequantizeLinear", 2, 3, {{"axis", K::kInt}}, InferDequantizeLinear),
                       RoleTraits(QuantizationRole::kDequantize)));

}  // namespace
}  // namespace mint8::ir::ops
