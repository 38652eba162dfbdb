// oneDNN elementwise activations (standalone, i.e. not fused into a producer)
// in the source's own layout. For kHardSigmoid this is only the linear step
// alpha * x + beta; the caller clips to [0, 1] with a second kernel (oneDNN
// 2.6 has no hard-sigmoid, and post-ops push eltwise onto reference code).
#ifndef MINT8_KERNELS_ONEDNN_ELTWISE_H_
#define MINT8_KERNELS_ONEDNN_ELTWISE_H_

#include "absl/status/statusor.h"
#include "ir/post_op.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct EltwiseSpec {
  ir::PostOp activation;  // any kind but kSum
  dnnl::memory::desc src_desc;
};

absl::StatusOr<CompiledPrimitive> CreateEltwise(const EltwiseSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_ELTWISE_H_
