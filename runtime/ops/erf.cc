// Erf: the error function; oneDNN has it only inside GELU, so the reference loop (unary_math.h).
#include <cmath>

#include "runtime/ops/unary_math.h"

namespace mint8::runtime::ops {
namespace {

float ErfOf(float x) { return std::erf(x); }

MINT8_REGISTER_LOWERING("Erf", UnaryMathLowering({ErfOf, std::nullopt}));

}  // namespace
}  // namespace mint8::runtime::ops
