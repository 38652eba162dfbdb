// oneDNN matmul for MatMul (same rank >= 2, batch dimensions broadcast),
// FP32, with fused post-ops. B is a run-time tensor in plain layout, or a
// constant packed once into the layout the primitive chooses.
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
  const float* b_constant = nullptr;  // B's values (plain b_dims), or null for a run-time B
};

// input_descs = {a} with a constant B, else {a, b}.
absl::StatusOr<CompiledPrimitive> CreateMatMul(const MatMulSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_MATMUL_H_
