// oneDNN matmul for MatMul of two run-time tensors (same rank >= 2, batch
// dimensions broadcast), FP32, plain layouts, with fused post-ops.
#ifndef MINT8_KERNELS_ONEDNN_MATMUL_H_
#define MINT8_KERNELS_ONEDNN_MATMUL_H_

#include <vector>

#include "absl/status/statusor.h"
#include "ir/post_op.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct MatMulSpec {
  dnnl::memory::dims a_dims, b_dims, dst_dims;  // equal ranks
  std::vector<ir::PostOp> post_ops;
};

absl::StatusOr<CompiledPrimitive> CreateMatMul(const MatMulSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_MATMUL_H_
