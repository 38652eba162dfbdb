// The elementwise f32 math ops (Abs, Sqrt, Exp, Log, Neg, Reciprocal, Erf):
// a reference loop over the scalar function and, where oneDNN has the
// function, its eltwise primitive (y = f(alpha, beta; x)).
#ifndef MINT8_RUNTIME_OPS_UNARY_MATH_H_
#define MINT8_RUNTIME_OPS_UNARY_MATH_H_

#include <optional>

#include "oneapi/dnnl/dnnl.hpp"
#include "runtime/lowering.h"

namespace mint8::runtime::ops {

struct UnaryMath {
  float (*function)(float);
  std::optional<dnnl::algorithm> algorithm;  // none: the reference loop only
  float alpha = 0.f, beta = 0.f;
};

OpLowering UnaryMathLowering(UnaryMath math);

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_UNARY_MATH_H_
