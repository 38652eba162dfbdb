// Silu (mint8; not an ONNX op): x * sigmoid(x), the Swish of EfficientNet
// and YOLO. SiluPatternPass forms it from the Sigmoid and Mul that exporters
// write; it then fuses into the producing Conv like any activation (one
// oneDNN eltwise_swish post-op instead of two FP32 passes over the tensor),
// and is exported as Sigmoid and Mul again.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(NotInOnnx(With(Op("Silu", 1, 1, {}, InferFloatUnary),
                                 ActivationTraits(Activation<PostOpKind::kSilu>))));

}  // namespace
}  // namespace mint8::ir::ops
