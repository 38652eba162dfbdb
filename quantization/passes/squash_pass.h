// SquashPass: removes the redundancy quantization boundaries leave, until
// nothing changes:
//  - DequantizeLinear -> QuantizeLinear with equal parameters: both go (the
//    consumer reads the INT8 tensor); unequal: one Requantize;
//  - a Requantize of a Conv/Gemm output nothing else reads: folded into the
//    producer's output scale;
//  - a Conv/Gemm/MatMul whose only consumer is a DequantizeLinear, directly or
//    through a view (Reshape), and that has no residual sum: writes f32.
#ifndef MINT8_QUANTIZATION_PASSES_SQUASH_PASS_H_
#define MINT8_QUANTIZATION_PASSES_SQUASH_PASS_H_

#include "ir/pass_manager.h"

namespace mint8::quantization {

class SquashPass : public ir::Pass {
 public:
  absl::string_view name() const override { return "quantize-squash"; }
  absl::Status Run(ir::Graph& graph) override;
};

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_PASSES_SQUASH_PASS_H_
