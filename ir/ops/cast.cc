// Cast (ONNX). "to" is a DataTypeName ("f32", "s64", ...).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferCast(InferenceContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(DataType to, ParseDtypeAttribute(ctx, "to", ""));
  ctx.SetOutput(0, to, ctx.input_shape(0));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(Op("Cast", 1, 1, {{"to", K::kString}}, InferCast));

}  // namespace
}  // namespace mint8::ir::ops
