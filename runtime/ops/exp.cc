// Exp: e^x, oneDNN's eltwise_exp (unary_math.h).
#include <cmath>

#include "runtime/ops/unary_math.h"

namespace mint8::runtime::ops {
namespace {

float ExpOf(float x) { return std::exp(x); }

MINT8_REGISTER_LOWERING("Exp", UnaryMathLowering({ExpOf, dnnl::algorithm::eltwise_exp}));

}  // namespace
}  // namespace mint8::runtime::ops
