// HardSwish (ONNX, opset 14).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

OpSchema SinceOpset14(OpSchema schema) {
  schema.onnx_opset = 14;
  return schema;
}

MINT8_REGISTER_OP(SinceOpset14(With(Op("HardSwish", 1, 1, {}, InferFloatUnary),
                                    ActivationTraits(Activation<PostOpKind::kHardSwish>))));

}  // namespace
}  // namespace mint8::ir::ops
