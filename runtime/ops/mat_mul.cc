// MatMul: oneDNN matmul for f32 operands of rank 2 to 6 (the lower-rank one
// padded with leading 1s, numpy style); a constant B is packed once. INT8:
// two run-time operands of one rank (attention), u8/s8 A times symmetric s8 B.
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/matmul.h"
#include "kernels/reference/gemm.h"
#include "kernels/reference/quantization.h"
#include "runtime/int8_arithmetic.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;
namespace ref = kernels::reference;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  const int sum = ir::SumInputIndex(node);
  if (in[0].dtype != ir::DataType::kF32) {
    return ref::QuantizedMatMul(in[0], in[1], post_ops, sum >= 0 ? &in[sum] : nullptr, out[0]);
  }
  ref::MatMulF32(in[0], in[1], post_ops, sum >= 0 ? in[sum].data<float>() : nullptr, out[0]);
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& a = ctx.Info(node.inputs[0]);
  const ir::TensorInfo& b = ctx.Info(node.inputs[1]);
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const int rank = y.shape.rank();
  if (a.shape.rank() < 2 || b.shape.rank() < 2 || rank > 6 || ir::SumInputIndex(node) >= 0)
    return NotOnednn();
  const ir::TensorInfo* b_constant = ctx.Constant(node.inputs[1]);
  // A run-time operand of lower rank would need a view; constants are packed.
  if (a.shape.rank() != rank || (b_constant == nullptr && b.shape.rank() != rank)) return NotOnednn();
  dk::MatMulSpec spec;
  const ir::Dims ad = a.shape.Sizes(), bd = b.shape.Sizes(), yd = y.shape.Sizes();
  spec.a_dims.assign(ad.begin(), ad.end());
  spec.b_dims.assign(rank - bd.size(), 1);
  spec.b_dims.insert(spec.b_dims.end(), bd.begin(), bd.end());
  spec.dst_dims.assign(yd.begin(), yd.end());
  if (b_constant != nullptr) spec.b_constant = b_constant->data->data<float>();
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateMatMul(spec));
  if (b_constant != nullptr) return ctx.Emit(node, std::move(p), {node.inputs[0]});
  return ctx.Emit(node, std::move(p), {node.inputs[0], node.inputs[1]});
}

absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& a = ctx.Info(node.inputs[0]);
  const ir::TensorInfo& b = ctx.Info(node.inputs[1]);
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const int rank = y.shape.rank();
  if (!ir::IsInt8(a.dtype) || b.dtype != ir::DataType::kS8 || !b.quantization ||
      b.quantization->per_channel() || a.shape.rank() != rank || b.shape.rank() != rank || rank > 6 ||
      ir::SumInputIndex(node) >= 0) {
    return NotOnednn("INT8 MatMul needs u8/s8 A and per-tensor s8 B of the output's rank");
  }
  dk::MatMulSpec spec;
  const ir::Dims ad = a.shape.Sizes(), bd = b.shape.Sizes(), yd = y.shape.Sizes();
  spec.a_dims.assign(ad.begin(), ad.end());
  spec.b_dims.assign(bd.begin(), bd.end());
  spec.dst_dims.assign(yd.begin(), yd.end());
  spec.a_type = DnnlType(a.dtype);
  spec.b_type = dnnl::memory::data_type::s8;
  spec.dst_type = DnnlType(y.dtype);
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
  MINT8_ASSIGN_OR_RETURN(spec.epilogue, Int8Epilogue(a, b, 1, nullptr, y, spec.post_ops));
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateMatMul(spec));
  return ctx.Emit(node, std::move(p), {node.inputs[0], node.inputs[1]});
}

MINT8_REGISTER_LOWERING("MatMul", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
