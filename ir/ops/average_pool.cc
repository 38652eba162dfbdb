// AveragePool (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

OpTraits AveragePoolTraits() {
  OpTraits t = ScalePreservingTraits(false);
  t.range_includes_zero = true;  // padding zeros count with count_include_pad
  return t;
}

MINT8_REGISTER_OP(With(Op("AveragePool", 1, 1,
                          JoinAttributes(WindowAttributes(), {{"count_include_pad", K::kInt}}), InferPool),
                       AveragePoolTraits()));

}  // namespace
}  // namespace mint8::ir::ops
