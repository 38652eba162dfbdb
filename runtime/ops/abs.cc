// Abs: |x| (unary_math.h: the reference loop, oneDNN's eltwise_abs).
#include <cmath>

#include "runtime/ops/unary_math.h"

namespace mint8::runtime::ops {
namespace {

float AbsOf(float x) { return std::fabs(x); }

MINT8_REGISTER_LOWERING("Abs", UnaryMathLowering({AbsOf, dnnl::algorithm::eltwise_abs}));

}  // namespace
}  // namespace mint8::runtime::ops
