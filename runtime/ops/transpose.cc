// Transpose: one oneDNN reorder from the input's layout into the output's
// row-major order (written as strides over the input's axes), FP32 and INT8
// (quantized like the output); the reference kernel for other types.
#include <algorithm>
#include <string>
#include <vector>

#include "ir/status_macros.h"
#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

std::vector<int64_t> Permutation(const ir::Node& node, int rank) {
  std::vector<int64_t> perm = node.attributes.GetInts("perm");
  if (perm.empty()) {
    for (int i = rank - 1; i >= 0; --i) perm.push_back(i);
  }
  return perm;
}

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  kernels::reference::Transpose(in[0], Permutation(node, in[0].rank()), out[0]);
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::Dims in_dims = x.shape.Sizes(), out_dims = ctx.Info(node.outputs[0]).shape.Sizes();
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (src.is_zero() || ctx.Constant(node.inputs[0]) != nullptr) return NotOnednn("no oneDNN layout");
  const std::vector<int64_t> perm = Permutation(node, static_cast<int>(in_dims.size()));
  // Output axis j is input axis perm[j]: give that axis output j's stride.
  dnnl::memory::dims strides(in_dims.size());
  int64_t stride = 1;
  for (int j = static_cast<int>(out_dims.size()) - 1; j >= 0; --j) {
    strides[perm[j]] = stride;
    stride *= out_dims[j];
  }
  const dnnl::memory::desc write(dnnl::memory::dims(in_dims.begin(), in_dims.end()), src.data_type(),
                                 strides);
  MINT8_ASSIGN_OR_RETURN(int value, ctx.ValueIn(node.inputs[0], src));
  return ctx.EmitMove(node, 0, value, src, write);
}

absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  if (!ctx.QuantizedLikeOutput(node))
    return NotOnednn("INT8 transpose needs its input quantized like its output");
  return LowerFp32(ctx, node);
}

MINT8_REGISTER_LOWERING("Transpose", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
