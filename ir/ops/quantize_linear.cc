// QuantizeLinear (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferQuantizeLinear(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  MINT8_RETURN_IF_ERROR(CheckQuantParams(ctx, 1, 2));
  DataType out = DataType::kU8;
  if (ctx.has_input(2)) {
    MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 2, {DataType::kU8, DataType::kS8}));
    out = ctx.input_dtype(2);
  }
  ctx.SetOutput(0, out, ctx.input_shape(0));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(With(Op("QuantizeLinear", 2, 3, {{"axis", K::kInt}}, InferQuantizeLinear),
                       RoleTraits(QuantizationRole::kQuantize)));

}  // namespace
}  // namespace mint8::ir::ops
