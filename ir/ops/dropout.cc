// Dropout (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferDropout(InferenceContext& ctx) {
  if (ctx.node().outputs.size() > 1 && !ctx.node().outputs[1].empty()) {
    return ctx.Error("the mask output is not supported (inference only)");
  }
  if (ctx.has_input(2)) {
    std::optional<std::vector<int64_t>> training = ctx.ConstantInts(2);
    if (!training.has_value() || (*training)[0] != 0) {
      return ctx.Error("training_mode must be a constant false for inference");
    }
  }
  return InferSameAsInput(ctx);
}

MINT8_REGISTER_OP(With(Op("Dropout", 1, 3, {{"ratio", K::kFloat}, {"seed", K::kInt}}, InferDropout, 2),
                       IdentityTraits()));

}  // namespace
}  // namespace mint8::ir::ops
