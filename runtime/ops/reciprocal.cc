// Reciprocal: 1/x, oneDNN's eltwise_pow with alpha 1, beta -1 (unary_math.h).
#include <cmath>

#include "runtime/ops/unary_math.h"

namespace mint8::runtime::ops {
namespace {

float ReciprocalOf(float x) { return 1.f / x; }

MINT8_REGISTER_LOWERING("Reciprocal",
                        UnaryMathLowering({ReciprocalOf, dnnl::algorithm::eltwise_pow, 1.f, -1.f}));

}  // namespace
}  // namespace mint8::runtime::ops
