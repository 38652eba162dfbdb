// BatchNormFoldingPass: folds an inference BatchNormalization into the Conv or
// Gemm (with constant weights) that produces its input, when nothing else
// reads that output:  W' = W * s,  b' = (b - mean) * s + beta,  with
// s = gamma / sqrt(var + epsilon) per output channel. The others of 4-D
// tensors (pre-activation networks: BN after a Concat, as in DenseNet)
// become a depthwise 1x1 Conv with weights s and bias beta - mean * s, which
// takes the following activation as a post-op and runs INT8 like any
// convolution (with one weight per channel, s8 per-channel weights are exact
// to 1/254 of s). Others stay.
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
