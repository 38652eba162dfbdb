#include "kernels/onednn/matmul.h"

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

absl::StatusOr<CompiledPrimitive> CreateMatMul(const MatMulSpec& spec) {
  const dnnl::memory::desc a = PlainDesc(spec.a_dims, spec.a_type), b = PlainDesc(spec.b_dims, spec.b_type),
                           dst = PlainDesc(spec.dst_dims, spec.dst_type);
  dnnl::primitive_attr attr = BaseAttributes();
  ApplyEpilogue(spec.epilogue, spec.post_ops, attr);
  try {
    const dnnl::memory::desc b_any(spec.b_dims, spec.b_type, dnnl::memory::format_tag::any);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, spec.b_constant != nullptr ? b_any : b, dst), attr,
                                    CpuEngine());
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>("MatMul", pd, dnnl::matmul(pd));
    out.output_desc = dst;
    BindZeroPoints(spec.epilogue, *out.kernel);
    if (spec.b_constant != nullptr) {
      out.kernel->BindConstant(DNNL_ARG_WEIGHTS, PackConstant(b, spec.b_constant, pd.weights_desc()));
      out.input_args = {DNNL_ARG_SRC};
      out.input_descs = {a};
      return out;
    }
    out.input_args = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS};
    out.input_descs = {a, b};
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the matmul", e);
  }
}

}  // namespace mint8::kernels::onednn
