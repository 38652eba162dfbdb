// Abs: the reference loop, and oneDNN's eltwise_abs for the oneDNN backend.
#include <cmath>

#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  const float* x = in[0].data<float>();
  float* y = out[0].data<float>();
  for (int64_t i = 0; i < in[0].num_elements(); ++i) y[i] = std::fabs(x[i]);
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (src.is_zero()) return NotOnednn();
  dk::CompiledPrimitive p;
  try {
    dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::eltwise_abs, src);
    dnnl::eltwise_forward::primitive_desc pd(desc, dk::BaseAttributes(), dk::CpuEngine());
    p.kernel = std::make_unique<dk::PrimitiveKernel>("Abs", pd, dnnl::eltwise_forward(pd));
    p.input_args = {DNNL_ARG_SRC};
    p.input_descs = {pd.src_desc()};
    p.output_desc = pd.dst_desc();
  } catch (const dnnl::error& e) {
    return dk::OnednnError("Abs", e);
  }
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("Abs", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
