// Log: ln(x), oneDNN's eltwise_log (unary_math.h).
#include <cmath>

#include "runtime/ops/unary_math.h"

namespace mint8::runtime::ops {
namespace {

float LogOf(float x) { return std::log(x); }

MINT8_REGISTER_LOWERING("Log", UnaryMathLowering({LogOf, dnnl::algorithm::eltwise_log}));

}  // namespace
}  // namespace mint8::runtime::ops
