// ConvTranspose: oneDNN deconvolution (FP32), the reference loop otherwise.
#include "ir/op_geometry.h"
#include "ir/status_macros.h"
#include "kernels/onednn/deconvolution.h"
#include "kernels/reference/conv.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::ConvGeometry g, ir::ResolveConvTransposeGeometry(node, in[0].dims, in[1].dims));
  kernels::reference::ConvTranspose2dF32(g, in[0].data<float>(), in[1].data<float>(),
                                         Present(in, 2) ? in[2].data<float>() : nullptr,
                                         out[0].data<float>());
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo* w = ctx.Constant(node.inputs[1]);
  if (w == nullptr) return NotOnednn("weights that are not constant");
  dk::DeconvolutionSpec spec;
  MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolveConvTransposeGeometry(
                                            node, ctx.Info(node.inputs[0]).shape.Sizes(), w->shape.Sizes()));
  spec.weights = w->data->data<float>();
  if (node.has_input(2)) {
    const ir::TensorInfo* b = ctx.Constant(node.inputs[2]);
    if (b == nullptr) return NotOnednn("a bias that is not constant");
    spec.bias = b->data->data<float>();
  }
  spec.src_hint = ctx.LayoutOf(node.inputs[0]);
  absl::StatusOr<dk::CompiledPrimitive> p = dk::CreateDeconvolution(spec);
  // Negative end pads (output_padding beyond the pads) are outside oneDNN's.
  if (!p.ok()) return NotOnednn(p.status().message());
  return ctx.Emit(node, std::move(*p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("ConvTranspose", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
