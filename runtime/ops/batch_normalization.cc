// BatchNormalization (inference): folded into the producing Conv/Gemm by
// ir/passes/batchnorm_folding where it can be; otherwise (pre-activation
// networks: BN after a Concat, as in DenseNet) oneDNN's batch normalization
// with the model's statistics, in the producer's layout.
#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/reference/normalization.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  kernels::reference::BatchNormF32(in[0], in[1].data<float>(), in[2].data<float>(), in[3].data<float>(),
                                   in[4].data<float>(), node.attributes.GetFloat("epsilon", 1e-5f),
                                   out[0].data<float>());
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  const ir::Dims x = ctx.Info(node.inputs[0]).shape.Sizes();
  if (src.is_zero() || x.size() < 2 || ctx.Constant(node.inputs[0]) != nullptr)
    return NotOnednn("no oneDNN layout");
  for (int i = 1; i <= 4; ++i) {
    const ir::TensorInfo* c = ctx.Constant(node.inputs[i]);
    if (c == nullptr || c->dtype != ir::DataType::kF32 || c->shape.Sizes() != ir::Dims{x[1]}) {
      return NotOnednn("scale, bias, mean and variance must be f32 constants, one per channel");
    }
  }
  using flags = dnnl::normalization_flags;
  dk::CompiledPrimitive p;
  try {
    dnnl::batch_normalization_forward::desc desc(
        dnnl::prop_kind::forward_inference, src, node.attributes.GetFloat("epsilon", 1e-5f),
        flags::use_global_stats | flags::use_scale | flags::use_shift);
    dnnl::batch_normalization_forward::primitive_desc pd(desc, dk::BaseAttributes(), dk::CpuEngine());
    p = dk::SourceToDestination<dnnl::batch_normalization_forward>("BatchNormalization", pd);
    const dnnl::memory::desc channel({x[1]}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::x);
    const int args[] = {DNNL_ARG_SCALE, DNNL_ARG_SHIFT, DNNL_ARG_MEAN, DNNL_ARG_VARIANCE};
    for (int i = 0; i < 4; ++i) {
      p.kernel->BindConstant(
          args[i], dk::PackConstant(channel, ctx.Constant(node.inputs[i + 1])->data->data(), channel));
    }
  } catch (const dnnl::error& e) {
    return dk::OnednnError("BatchNormalization", e);
  }
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("BatchNormalization", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
