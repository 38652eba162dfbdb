// Mod (ONNX): the remainder with broadcasting. fmod=0 (integers only): the
// sign of the divisor, as Python's %; fmod=1: the sign of the dividend, as C's
// fmod (required for f32).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferMod(InferenceContext& ctx) {
  if (ctx.input_dtype(0) == kF32 && ctx.attributes().GetInt("fmod", 0) == 0) {
    return ctx.Error("f32 Mod needs fmod=1");
  }
  return InferBroadcastBinary(ctx);
}

MINT8_REGISTER_OP(Op("Mod", 2, 2, {{"fmod", K::kInt}}, InferMod));

}  // namespace
}  // namespace mint8::ir::ops
