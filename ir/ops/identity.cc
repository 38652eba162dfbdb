// Identity (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("Identity", 1, 1, {}, InferSameAsInput), IdentityTraits()));

}  // namespace
}  // namespace mint8::ir::ops
