#include "kernels/onednn/matmul.h"

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

absl::StatusOr<CompiledPrimitive> CreateMatMul(const MatMulSpec& spec) {
  const auto f32 = dnnl::memory::data_type::f32;
  const dnnl::memory::desc a = PlainDesc(spec.a_dims, f32), b = PlainDesc(spec.b_dims, f32),
                           dst = PlainDesc(spec.dst_dims, f32);
  dnnl::primitive_attr attr = BaseAttributes();
  ApplyEpilogue(Epilogue(), spec.post_ops, attr);
  try {
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, b, dst), attr, CpuEngine());
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>("MatMul", pd, dnnl::matmul(pd));
    out.input_args = {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS};
    out.input_descs = {a, b};
    out.output_desc = dst;
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the matmul", e);
  }
}

}  // namespace mint8::kernels::onednn
