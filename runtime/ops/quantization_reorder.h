// QuantizeLinear, DequantizeLinear and Requantize (per tensor) lowered to one
// oneDNN reorder that keeps the source's layout (int8_arithmetic.h has the
// parameters).
#ifndef MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_
#define MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_

#include <memory>
#include <string>

#include "ir/graph.h"
#include "kernels/kernel.h"
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

// mint8's one-pass quantization with channel multipliers (QuantizeToNhwc,
// scaled_by_channel) as a plan step of op `op_type`: DNNL_ARG_SRC is x,
// DNNL_ARG_SRC_1 the multipliers, DNNL_ARG_DST the output.
class ScaledQuantizeStep : public kernels::BoundKernel {
 public:
  ScaledQuantizeStep(std::string op_type, std::unique_ptr<x86::QuantizeToNhwc> impl);
  absl::string_view op_type() const override { return op_type_; }
  std::string implementation() const override { return implementation_; }
  absl::Status Execute(kernels::KernelContext& ctx) const override;

 private:
  std::string op_type_;
  std::string implementation_;
  std::unique_ptr<x86::QuantizeToNhwc> impl_;
};

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_QUANTIZATION_REORDER_H_
