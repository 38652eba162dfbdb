// Sub (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(Op("Sub", 2, 2, {}, InferBroadcastBinary));

}  // namespace
}  // namespace mint8::ir::ops
