// Gemm: oneDNN inner product (FP32, and INT8 with the source zero point
// folded into the bias, int8_arithmetic.h); INT8 ones may run on mint8's
// mat-vec (own_matvec.h).
#include "kernels/reference/gemm.h"

#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/inner_product.h"
#include "kernels/reference/quantization.h"
#include "runtime/int8_arithmetic.h"
#include "runtime/lowering.h"
#include "runtime/ops/own_activation.h"
#include "runtime/ops/own_matvec.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;
namespace ref = kernels::reference;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  ref::GemmParams p;
  p.trans_a = node.attributes.GetInt("transA", 0) != 0;
  p.trans_b = node.attributes.GetInt("transB", 0) != 0;
  p.alpha = node.attributes.GetFloat("alpha", 1.f);
  p.beta = node.attributes.GetFloat("beta", 1.f);
  p.m = out[0].dims[0];
  p.n = out[0].dims[1];
  p.k = p.trans_a ? in[0].dims[0] : in[0].dims[1];
  const int sum = ir::SumInputIndex(node);
  if (in[0].dtype != ir::DataType::kF32) {
    return ref::QuantizedGemm(p, in[0], in[1], Present(in, 2) ? &in[2] : nullptr, post_ops,
                              sum >= 0 ? &in[sum] : nullptr, out[0]);
  }
  ref::GemmF32(p, in[0].data<float>(), in[1].data<float>(), Present(in, 2) ? &in[2] : nullptr, post_ops,
               sum >= 0 ? in[sum].data<float>() : nullptr, out[0].data<float>());
  return absl::OkStatus();
}

// The inner product computes x * W (+ b): no transposed A, no scaling, no
// residual sum.
absl::StatusOr<dk::InnerProductSpec> BaseSpec(LoweringContext& ctx, const ir::Node& node,
                                              const ir::TensorInfo& b) {
  const ir::TensorInfo& a = ctx.Info(node.inputs[0]);
  const ir::Attributes& attrs = node.attributes;
  if (a.shape.rank() != 2 || attrs.GetInt("transA", 0) != 0 || attrs.GetFloat("alpha", 1.f) != 1.f ||
      ir::SumInputIndex(node) >= 0) {
    return NotOnednn();
  }
  dk::InnerProductSpec spec;
  spec.src_dims = {a.shape.dim(0).size, a.shape.dim(1).size};
  spec.weights_transposed = attrs.GetInt("transB", 0) != 0;
  spec.out_features = b.shape.dim(spec.weights_transposed ? 0 : 1).size;
  spec.weights = b.data->data();
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, spec.post_ops));
  spec.src_hint = ctx.LayoutOf(node.inputs[0]);
  return spec;
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo* b = ctx.Constant(node.inputs[1]);
  if (b == nullptr) return NotOnednn("weights that are not constant");
  MINT8_ASSIGN_OR_RETURN(dk::InnerProductSpec spec, BaseSpec(ctx, node, *b));
  if (node.has_input(2)) {
    const ir::TensorInfo* c = ctx.Constant(node.inputs[2]);
    if (c == nullptr || node.attributes.GetFloat("beta", 1.f) != 1.f ||
        c->shape.NumElements() != spec.out_features) {
      return NotOnednn();
    }
    spec.bias = c->data->data();
  }
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateInnerProduct(spec));
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& a = ctx.Info(node.inputs[0]);
  const ir::TensorInfo* b = ctx.Constant(node.inputs[1]);
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  if (b == nullptr || b->dtype != ir::DataType::kS8 || !ir::IsInt8(a.dtype)) return NotOnednn();
  MINT8_ASSIGN_OR_RETURN(dk::InnerProductSpec spec, BaseSpec(ctx, node, *b));
  spec.src_type = DnnlType(a.dtype);
  spec.weights_type = dnnl::memory::data_type::s8;
  spec.dst_type = DnnlType(y.dtype);
  const int32_t* bias = nullptr;
  if (node.has_input(2)) {
    const ir::TensorInfo* c = ctx.Constant(node.inputs[2]);
    if (c == nullptr || c->dtype != ir::DataType::kS32 || c->shape.NumElements() != spec.out_features) {
      return NotOnednn();
    }
    bias = c->data->data<int32_t>();
  }
  MINT8_ASSIGN_OR_RETURN(spec.epilogue, Int8Epilogue(a, *b, spec.out_features, nullptr, y, spec.post_ops));
  // oneDNN's inner product takes no source zero point: the bias absorbs it.
  std::vector<int32_t> folded;
  if (spec.epilogue.src_zero_point != 0) {
    folded = FoldSourceZeroPoint(b->data->data<int8_t>(), spec.src_dims[1], spec.out_features,
                                 spec.weights_transposed, bias, spec.epilogue.src_zero_point);
    bias = folded.data();
    spec.epilogue.src_zero_point = 0;
  }
  if (bias != nullptr) {
    spec.bias = bias;
    spec.bias_type = dnnl::memory::data_type::s32;
  }
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateInnerProduct(spec));
  if (std::optional<OwnKernel> matvec = OwnMatVecKernel(spec)) {
    return ctx.EmitFastest(node, std::move(p), std::move(*matvec), {node.inputs[0]}, MatVecSignature(spec));
  }
  MINT8_ASSIGN_OR_RETURN(std::optional<OwnKernel> gelu, InnerProductThenOwnGelu(spec));
  if (!gelu) return ctx.Emit(node, std::move(p), {node.inputs[0]});
  return ctx.EmitFastest(node, std::move(p), std::move(*gelu), {node.inputs[0]},
                         InnerProductGeluSignature(spec));
}

MINT8_REGISTER_LOWERING("Gemm", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
