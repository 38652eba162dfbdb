// QuantizeLinear (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferQuantizeLinear(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  MINT8_RETURN_IF_ERROR(CheckQuantParams(ctx, 1, 2));
  MINT8_ASSIGN_OR_RETURN(const DataType out, QuantizedOutputType(ctx, 2));
  ctx.SetOutput(0, out, ctx.input_shape(0));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(With(Op("QuantizeLinear", 2, 3, {{"axis", K::kInt}}, InferQuantizeLinear),
                       RoleTraits(QuantizationRole::kQuantize)));

}  // namespace
}  // namespace mint8::ir::ops
