// The INT8 operands every oneDNN compute lowering (Conv, ConvTranspose)
// sets the same way on its kernel spec: post-ops, the epilogue of
// int8_arithmetic.h, the operand types, s8 weights and s32 bias, the
// producer's layout hint.
#ifndef MINT8_RUNTIME_OPS_INT8_COMPUTE_H_
#define MINT8_RUNTIME_OPS_INT8_COMPUTE_H_

#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "runtime/int8_arithmetic.h"
#include "runtime/lowering.h"

namespace mint8::runtime::ops {

// `Spec` has post_ops, epilogue, src/weights/dst/bias types, weights, bias
// and src_hint (kernels/onednn's ConvolutionSpec, DeconvolutionSpec).
// Unimplemented (reference fallback) for a bias that is not an s32 constant.
template <typename Spec>
absl::Status SetInt8Operands(LoweringContext& ctx, const ir::Node& node, int64_t out_channels,
                             const ir::TensorInfo* residual, Spec& spec) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::TensorInfo& w = *ctx.Constant(node.inputs[1]);
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
  MINT8_ASSIGN_OR_RETURN(spec.epilogue, Int8Epilogue(x, w, out_channels, residual, y, spec.post_ops));
  spec.src_type = DnnlType(x.dtype);
  spec.weights_type = dnnl::memory::data_type::s8;
  spec.dst_type = DnnlType(y.dtype);
  spec.weights = w.data->data();
  if (node.has_input(2)) {
    const ir::TensorInfo* b = ctx.Constant(node.inputs[2]);
    if (b == nullptr || b->dtype != ir::DataType::kS32)
      return NotOnednn("a bias that is not an s32 constant");
    spec.bias = b->data->data();
    spec.bias_type = dnnl::memory::data_type::s32;
  }
  spec.src_hint = ctx.LayoutOf(node.inputs[0]);
  return absl::OkStatus();
}

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_INT8_COMPUTE_H_
