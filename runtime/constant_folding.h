// ConstantFoldingPass: evaluates, with the reference kernels, every node whose
// inputs are all constants (and Shape nodes whose input shape is known), and
// replaces its outputs by constants. With input shapes bound, this removes the
// shape arithmetic exporters emit (Shape, Gather, Slice, Cast, Concat, ...).
// Run shape inference first: outputs must have known shapes to be folded.
// QuantizeLinear/DequantizeLinear on constants (a QAT model's fake-quantized
// weights) fold only when asked: the QAT harvest reads the trained weight grid
// from them, while a session wants plain FP32 weights its kernels can pack.
#ifndef MINT8_RUNTIME_CONSTANT_FOLDING_H_
#define MINT8_RUNTIME_CONSTANT_FOLDING_H_

#include "ir/pass_manager.h"

namespace mint8::runtime {

class ConstantFoldingPass : public ir::Pass {
 public:
  explicit ConstantFoldingPass(bool fold_quantization = false) : fold_quantization_(fold_quantization) {}
  absl::string_view name() const override { return "constant-folding"; }
  absl::Status Run(ir::Graph& graph) override;
  // Nodes folded by the last Run.
  int folded() const { return folded_; }

 private:
  bool fold_quantization_;
  int folded_ = 0;
};

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_CONSTANT_FOLDING_H_
