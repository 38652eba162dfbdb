// Dropout (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferDropout(InferenceContext& ctx) {
  if (ctx.node().outputs.size() > 1 && !ctx.node().outputs[1].empty()) {
    return ctx.Error("the mask output is not supported (inference only)");
  }
  if (ctx.has_input(2)) {
    // Training mode with a ratio of 0 drops nothing: the identity still
    // (PyTorch exports Swin's attention dropout this way).
    std::optional<std::vector<int64_t>> training = ctx.ConstantInts(2);
    std::optional<std::vector<float>> ratio = ctx.ConstantFloats(1);
    const bool drops_nothing = ratio.has_value() && ratio->size() == 1 && (*ratio)[0] == 0.f;
    if (!training.has_value() || ((*training)[0] != 0 && !drops_nothing)) {
      return ctx.Error("training_mode must be a constant false for inference (or the ratio a constant 0)");
    }
  }
  return InferSameAsInput(ctx);
}

MINT8_REGISTER_OP(With(Op("Dropout", 1, 3, {{"ratio", K::kFloat}, {"seed", K::kInt}}, InferDropout, 2),
                       IdentityTraits()));

}  // namespace
}  // namespace mint8::ir::ops
