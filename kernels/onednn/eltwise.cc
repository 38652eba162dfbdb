#include "kernels/onednn/eltwise.h"

#include <cfloat>

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

absl::StatusOr<CompiledPrimitive> CreateEltwise(const EltwiseSpec& spec) {
  using alg = dnnl::algorithm;
  const ir::PostOp& p = spec.activation;
  alg algorithm = alg::eltwise_relu;
  float alpha = 0.f, beta = 0.f;
  switch (p.kind) {
    case ir::PostOpKind::kRelu: break;
    case ir::PostOpKind::kLeakyRelu: alpha = p.alpha; break;
    case ir::PostOpKind::kClip:
      algorithm = alg::eltwise_clip;
      alpha = std::max(p.alpha, -FLT_MAX);
      beta = std::min(p.beta, FLT_MAX);
      break;
    case ir::PostOpKind::kSigmoid: algorithm = alg::eltwise_logistic; break;
    case ir::PostOpKind::kTanh: algorithm = alg::eltwise_tanh; break;
    case ir::PostOpKind::kHardSwish: algorithm = alg::eltwise_hardswish; break;
    case ir::PostOpKind::kGelu: algorithm = alg::eltwise_gelu_erf; break;
    case ir::PostOpKind::kSilu:
      algorithm = alg::eltwise_swish;
      alpha = 1.f;
      break;
    case ir::PostOpKind::kLinear:
    case ir::PostOpKind::kHardSigmoid:  // the linear step only; clip separately
      algorithm = alg::eltwise_linear;
      alpha = p.alpha;
      beta = p.beta;
      break;
    case ir::PostOpKind::kSum:
    case ir::PostOpKind::kFakeQuantU8:
    case ir::PostOpKind::kFakeQuantS8:
      return absl::InvalidArgumentError("only a post-op, not an elementwise activation");
  }
  dnnl::primitive_attr attr = BaseAttributes();
  try {
    dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference, algorithm, spec.src_desc,
                                     alpha, beta);
    dnnl::eltwise_forward::primitive_desc pd(desc, attr, CpuEngine());
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>("Eltwise", pd, dnnl::eltwise_forward(pd));
    out.input_args = {DNNL_ARG_SRC};
    out.input_descs = {pd.src_desc()};
    out.output_desc = pd.dst_desc();
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the elementwise operation", e);
  }
}

}  // namespace mint8::kernels::onednn
