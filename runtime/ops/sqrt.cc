// Sqrt: sqrt(x), oneDNN's eltwise_sqrt (unary_math.h).
#include <cmath>

#include "runtime/ops/unary_math.h"

namespace mint8::runtime::ops {
namespace {

float SqrtOf(float x) { return std::sqrt(x); }

MINT8_REGISTER_LOWERING("Sqrt", UnaryMathLowering({SqrtOf, dnnl::algorithm::eltwise_sqrt}));

}  // namespace
}  // namespace mint8::runtime::ops
