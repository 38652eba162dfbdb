// oneDNN matmul for MatMul (same rank >= 2, batch dimensions broadcast),
// with fused post-ops: FP32, or INT8 operands (u8/s8 A, s8 B) with the
// epilogue of runtime/int8_arithmetic.h. B is a run-time tensor in plain
// layout, or an FP32 constant packed once into the layout the primitive
// chooses.
#ifndef MINT8_KERNELS_ONEDNN_MATMUL_H_
#define MINT8_KERNELS_ONEDNN_MATMUL_H_

#include <vector>

#include "absl/status/statusor.h"
#include "ir/post_op.h"
#include "kernels/onednn/compiled_primitive.h"
#include "kernels/onednn/primitive_kernel.h"

namespace mint8::kernels::onednn {

struct MatMulSpec {
  dnnl::memory::dims a_dims, b_dims, dst_dims;  // equal ranks
  std::vector<ir::PostOp> post_ops;
  const float* b_constant = nullptr;  // B's values (plain b_dims), or null for a run-time B
  dnnl::memory::data_type a_type = dnnl::memory::data_type::f32, b_type = dnnl::memory::data_type::f32,
                          dst_type = dnnl::memory::data_type::f32;
  Epilogue epilogue;  // the default: FP32
};

// input_descs = {a} with a constant B, else {a, b}.
absl::StatusOr<CompiledPrimitive> CreateMatMul(const MatMulSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_MATMUL_H_
