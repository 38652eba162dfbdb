// BatchNormFoldingPass: folds an inference BatchNormalization into the Conv or
// Gemm (with constant weights) that produces its input, when nothing else
// reads that output:  W' = W * s,  b' = (b - mean) * s + beta,  with
// s = gamma / sqrt(var + epsilon) per output channel. Other BatchNorms stay.
#ifndef MINT8_IR_PASSES_BATCHNORM_FOLDING_H_
#define MINT8_IR_PASSES_BATCHNORM_FOLDING_H_

#include "ir/pass_manager.h"

namespace mint8::ir {

class BatchNormFoldingPass : public Pass {
 public:
  absl::string_view name() const override { return "batchnorm-folding"; }
  uint32_t guarantees() const override { return kBatchNormFolded; }
  absl::Status Run(Graph& graph) override;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_PASSES_BATCHNORM_FOLDING_H_
