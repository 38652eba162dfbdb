// QuantizeLinear, DequantizeLinear and Requantize (per tensor) lowered to one
// oneDNN reorder that keeps the source's layout (int8_arithmetic.h has the
// parameters).
#ifndef MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_
#define MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_

#include "runtime/lowering.h"

namespace mint8::runtime::ops {

enum class QuantizationStep { kQuantize, kDequantize, kRequantize };

LowerFn QuantizationReorderLowering(QuantizationStep step);

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_
