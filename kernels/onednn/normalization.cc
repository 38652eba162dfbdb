#include "kernels/onednn/normalization.h"

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

absl::StatusOr<CompiledPrimitive> CreateSoftmax(const SoftmaxSpec& spec) {
  try {
    dnnl::softmax_forward::desc desc(dnnl::prop_kind::forward_inference, spec.src_desc, spec.axis);
    dnnl::softmax_forward::primitive_desc pd(desc, BaseAttributes(), CpuEngine());
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>("Softmax", pd, dnnl::softmax_forward(pd));
    out.input_args = {DNNL_ARG_SRC};
    out.input_descs = {pd.src_desc()};
    out.output_desc = pd.dst_desc();
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the softmax", e);
  }
}

absl::StatusOr<CompiledPrimitive> CreateLrn(const LrnSpec& spec) {
  try {
    dnnl::lrn_forward::desc desc(dnnl::prop_kind::forward_inference,
                                 dnnl::algorithm::lrn_across_channels, spec.src_desc, spec.size,
                                 spec.alpha, spec.beta, spec.bias);
    dnnl::lrn_forward::primitive_desc pd(desc, BaseAttributes(), CpuEngine());
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>("LRN", pd, dnnl::lrn_forward(pd));
    out.input_args = {DNNL_ARG_SRC};
    out.input_descs = {pd.src_desc()};
    out.output_desc = pd.dst_desc();
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the LRN", e);
  }
}

}  // namespace mint8::kernels::onednn
