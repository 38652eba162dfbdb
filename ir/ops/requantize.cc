// Requantize (mint8): (x, x_scale, x_zero_point, y_scale, y_zero_point) maps
// one quantization of a tensor to another.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferRequantize(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {DataType::kU8, DataType::kS8, DataType::kS32}));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 4, {DataType::kU8, DataType::kS8}));
  ctx.SetOutput(0, ctx.input_dtype(4), ctx.input_shape(0));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(NotInOnnx(With(Op("Requantize", 5, 5, {{"axis", K::kInt}}, InferRequantize),
                                 RoleTraits(QuantizationRole::kRequantize))));

}  // namespace
}  // namespace mint8::ir::ops
