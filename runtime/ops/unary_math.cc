#include "runtime/ops/unary_math.h"

#include <memory>
#include <utility>

#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Lower(const UnaryMath& math, LoweringContext& ctx, const ir::Node& node) {
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (!math.algorithm || src.is_zero()) return NotOnednn();
  dk::CompiledPrimitive p;
  try {
    dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference, *math.algorithm, src, math.alpha,
                                     math.beta);
    dnnl::eltwise_forward::primitive_desc pd(desc, dk::BaseAttributes(), dk::CpuEngine());
    p = dk::SourceToDestination<dnnl::eltwise_forward>(node.op_type, pd);
  } catch (const dnnl::error& e) {
    return dk::OnednnError(node.op_type, e);
  }
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

}  // namespace

OpLowering UnaryMathLowering(UnaryMath math) {
  return OpLowering{[math](const ir::Node&, Inputs in, Outputs out) {
                      const float* x = in[0].data<float>();
                      float* y = out[0].data<float>();
                      for (int64_t i = 0; i < in[0].num_elements(); ++i) y[i] = math.function(x[i]);
                      return absl::OkStatus();
                    },
                    [math](LoweringContext& ctx, const ir::Node& node) { return Lower(math, ctx, node); },
                    nullptr};
}

}  // namespace mint8::runtime::ops
