// Not (ONNX): logical negation of a bool tensor.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferNot(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {DataType::kBool}));
  return InferSameAsInput(ctx);
}

MINT8_REGISTER_OP(Op("Not", 1, 1, {}, InferNot));

}  // namespace
}  // namespace mint8::ir::ops
