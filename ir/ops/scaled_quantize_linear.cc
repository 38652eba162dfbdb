// ScaledQuantizeLinear (mint8; not an ONNX op): QuantizeLinear(x * m), m one
// value per channel of x ([1, C, 1, ...]): squeeze-excite's gating Mul and
// the quantization of its result for the next INT8 layer, one pass over the
// data instead of two. ScaledQuantizePass forms it at compile time only
// (sessions); the quantizer and the QAT conversion see QuantizeLinear
// nodes as written, and models never store it.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

// Inputs as QuantizeLinear's (x, y_scale, optional y_zero_point, so that
// what treats quantize nodes alike - the CPU adaptation of s8 zero points -
// applies), then the multiplier.
absl::Status InferScaledQuantizeLinear(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 3, {kF32}));
  MINT8_RETURN_IF_ERROR(CheckQuantParams(ctx, 1, 2));
  if (ctx.AllInputShapesKnown()) {
    const Dims x = ctx.input_dims(0), m = ctx.input_dims(3);
    bool per_channel = x.size() >= 2 && m.size() == x.size() && m[1] == x[1];
    for (size_t i = 0; per_channel && i < m.size(); ++i) per_channel = i == 1 || m[i] == 1;
    if (!per_channel) {
      return ctx.Error(
          absl::StrCat("multiplier ", DimsToString(m), " is not one value per channel of ", DimsToString(x)));
    }
  }
  MINT8_ASSIGN_OR_RETURN(const DataType out, QuantizedOutputType(ctx, 2));
  ctx.SetOutput(0, out, ctx.input_shape(0));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(NotInOnnx(With(Op("ScaledQuantizeLinear", 4, 4, {}, InferScaledQuantizeLinear),
                                 RoleTraits(QuantizationRole::kQuantize))));

}  // namespace
}  // namespace mint8::ir::ops
