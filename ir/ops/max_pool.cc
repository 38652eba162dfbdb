// MaxPool (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

MINT8_REGISTER_OP(With(Op("MaxPool", 1, 1, JoinAttributes(WindowAttributes(), {{"storage_order", K::kInt}}),
                          InferPool, 2),
                       ScalePreservingTraits(false)));

}  // namespace
}  // namespace mint8::ir::ops
