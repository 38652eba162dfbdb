// OptimizeForInference: the FP32 pass pipeline every session (and the
// quantizer, before calibration) runs on a specialized graph: clean-up,
// batchnorm folding, hard-swish pattern, Gemm formation, activation and
// residual-add fusion.
#ifndef MINT8_RUNTIME_GRAPH_OPTIMIZER_H_
#define MINT8_RUNTIME_GRAPH_OPTIMIZER_H_

#include "absl/status/status.h"
#include "ir/graph.h"

namespace mint8::runtime {

struct OptimizeOptions {
  // Fuse activations and residual adds into their producers. Off for
  // calibration that must observe tensors before the fused ops.
  bool fuse = true;
  // Fold fake-quantization pairs (QuantizeLinear -> DequantizeLinear) into
  // the producing Conv/Gemm/MatMul: for running a QDQ model as it is, never
  // before the QAT conversion, which reads the pairs.
  bool fuse_fake_quantization = false;
  // Fold a per-channel Mul into the QuantizeLinear after it
  // (ScaledQuantizePass): sessions only, since the quantizer and the QAT
  // conversion read QuantizeLinear nodes as written.
  bool fuse_scaled_quantization = false;
  // Read a Concat's parts in place in the INT8 depthwise 1x1 Conv it feeds
  // (ConcatDepthwisePass): sessions whose plans may run mint8's own kernels.
  bool fuse_concat_into_depthwise = false;
  // Verify the graph after every pass (tests, debug builds).
  bool verify_each_pass = false;
};

absl::Status OptimizeForInference(ir::Graph& graph, const OptimizeOptions& options = {});

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_GRAPH_OPTIMIZER_H_
