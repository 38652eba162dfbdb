// Neg: -x, oneDNN's eltwise_linear with alpha -1 (unary_math.h).
#include <cmath>

#include "runtime/ops/unary_math.h"

namespace mint8::runtime::ops {
namespace {

float NegOf(float x) { return -x; }

MINT8_REGISTER_LOWERING("Neg", UnaryMathLowering({NegOf, dnnl::algorithm::eltwise_linear, -1.f, 0.f}));

}  // namespace
}  // namespace mint8::runtime::ops
