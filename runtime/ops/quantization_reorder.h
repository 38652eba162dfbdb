// QuantizeLinear, DequantizeLinear and Requantize (per tensor) lowered to one
// oneDNN reorder that keeps the source's layout (int8_arithmetic.h has the
// parameters).
#ifndef MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_
#define MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_

#include "ir/graph.h"
#include "kernels/x86/quantize_to_nhwc.h"
#include "runtime/int8_arithmetic.h"
#include "runtime/lowering.h"

namespace mint8::runtime::ops {

enum class QuantizationStep { kQuantize, kDequantize, kRequantize };

LowerFn QuantizationReorderLowering(QuantizationStep step);

// The reorder's parameters for `node` (a QuantizeLinear, DequantizeLinear or
// Requantize, or a node with their inputs): the quantization the quantizer
// recorded, else the node's constant per-tensor inputs; NotOnednn when
// they are neither.
absl::StatusOr<QuantizationReorder> QuantizationStepParameters(QuantizationStep step, LoweringContext& ctx,
                                                               const ir::Node& node);

// mint8's one-pass quantization kernel's parameters for quantizing a 4-D
// f32 tensor of `dims` per tensor as `r` says into `y` (its type and, when
// narrowed, its range); the source's layout is the caller's to set.
x86::QuantizeToNhwcParams NhwcQuantizationParams(const QuantizationReorder& r, const ir::TensorInfo& y,
                                                 const ir::Dims& dims);

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_
