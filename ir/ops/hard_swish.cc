// HardSwish (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("HardSwish", 1, 1, {}, InferFloatUnary),
                       ActivationTraits(Activation<PostOpKind::kHardSwish>)));

}  // namespace
}  // namespace mint8::ir::ops
