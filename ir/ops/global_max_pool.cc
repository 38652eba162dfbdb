// GlobalMaxPool (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("GlobalMaxPool", 1, 1, {}, InferGlobalPool), ScalePreservingTraits(false)));

}  // namespace
}  // namespace mint8::ir::ops
