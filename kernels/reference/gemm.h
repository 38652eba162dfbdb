// Reference matrix products: ONNX Gemm (2-D, optional transposes, alpha/beta,
// broadcast C) and MatMul (numpy semantics with batch broadcasting), each
// followed by fused post-ops.
#ifndef MINT8_KERNELS_REFERENCE_GEMM_H_
#define MINT8_KERNELS_REFERENCE_GEMM_H_

#include <cstdint>
#include <functional>

#include "absl/types/span.h"
#include "ir/post_op.h"
#include "ir/tensor_view.h"

namespace mint8::kernels::reference {

struct GemmParams {
  int64_t m = 0, n = 0, k = 0;
  bool trans_a = false, trans_b = false;
  float alpha = 1.f, beta = 1.f;
};

// Y (m x n) = post_ops(alpha * op(A) * op(B) + beta * C); `c` may be null and
// otherwise broadcasts to m x n.
void GemmF32(const GemmParams& p, const float* a, const float* b, const ir::ConstTensorView* c,
             absl::Span<const ir::PostOp> post_ops, const float* sum, float* y);

// y = post_ops(matmul(a, b)) with numpy semantics (1-D operands promoted,
// batch dimensions broadcast).
void MatMulF32(const ir::ConstTensorView& a, const ir::ConstTensorView& b,
               absl::Span<const ir::PostOp> post_ops, const float* sum,
               const ir::MutableTensorView& y);

// The shape of one matmul(a, b) with numpy semantics: each of the batches
// multiplies an m x k block of a (at block index a_block) by a k x n block of
// b (at b_block) into y's block `batch`.
struct MatMulShape {
  int64_t m = 0, k = 0, n = 0;
  void ForEachBatch(const std::function<void(int64_t batch, int64_t a_block, int64_t b_block)>& f) const;
  ir::Dims batch, a_strides, b_strides;  // the broadcast batch and each operand's block strides in it
};
MatMulShape MatMulShapeOf(const ir::Dims& a_dims, const ir::Dims& b_dims);

}  // namespace mint8::kernels::reference

#endif  // MINT8_KERNELS_REFERENCE_GEMM_H_
