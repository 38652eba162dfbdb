// ConvTranspose: oneDNN deconvolution (FP32, then its bias and fused
// activations; INT8 with them inside), the reference loops otherwise.
#include "ir/op_geometry.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/binary.h"
#include "kernels/onednn/deconvolution.h"
#include "kernels/reference/conv.h"
#include "kernels/reference/quantization.h"
#include "runtime/lowering.h"
#include "runtime/ops/int8_compute.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::ConvGeometry g, ir::ResolveConvTransposeGeometry(node, in[0].dims, in[1].dims));
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  if (in[0].dtype != ir::DataType::kF32) {
    return kernels::reference::QuantizedConvTranspose2d(g, in[0], in[1], Present(in, 2) ? &in[2] : nullptr,
                                                        post_ops, out[0]);
  }
  kernels::reference::ConvTranspose2dF32(g, in[0].data<float>(), in[1].data<float>(),
                                         Present(in, 2) ? in[2].data<float>() : nullptr,
                                         out[0].data<float>());
  kernels::reference::ApplyPostOps(post_ops, nullptr, out[0].data<float>(), out[0].num_elements());
  return absl::OkStatus();
}

// The bias and activations run as one binary step after the deconvolution:
// oneDNN 2.6's deconvolution with a bias took 15 ms where it took 3.9
// without ([1,24,320,320] -> [1,1,640,640], 2x2 stride 2; with a ReLU or
// sigmoid post-op 200 ms; one Zen 5 thread).
absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo* w = ctx.Constant(node.inputs[1]);
  if (w == nullptr) return NotOnednn("weights that are not constant");
  dk::DeconvolutionSpec spec;
  MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolveConvTransposeGeometry(
                                            node, ctx.Info(node.inputs[0]).shape.Sizes(), w->shape.Sizes()));
  spec.weights = w->data->data<float>();
  spec.src_hint = ctx.LayoutOf(node.inputs[0]);
  absl::StatusOr<dk::CompiledPrimitive> p = dk::CreateDeconvolution(spec);
  // Negative end pads (output_padding beyond the pads) are outside oneDNN's.
  if (!p.ok()) return NotOnednn(p.status().message());
  dk::BinarySpec epilogue;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, epilogue.post_ops));
  if (!node.has_input(2) && epilogue.post_ops.empty()) return ctx.Emit(node, std::move(*p), {node.inputs[0]});
  const int64_t channels = spec.geometry.out_channels;
  std::vector<float> bias(channels, 0.f);
  if (node.has_input(2)) {
    const ir::TensorInfo* b = ctx.Constant(node.inputs[2]);
    if (b == nullptr) return NotOnednn("a bias that is not constant");
    std::copy_n(b->data->data<float>(), channels, bias.begin());
  }
  epilogue.src0_desc = p->output_desc;
  epilogue.src1_desc = dk::SameLayout(p->output_desc, {1, channels, 1, 1});
  epilogue.src1_constant = bias.data();  // packed by CreateBinary
  epilogue.src1_constant_desc = PlainOf(ir::DataType::kF32, {1, channels, 1, 1});
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive add, dk::CreateBinary(epilogue));
  MINT8_RETURN_IF_ERROR(RejectReference(add));
  std::vector<dk::CompiledPrimitive> chain;
  chain.push_back(std::move(*p));
  chain.push_back(std::move(add));
  return ctx.EmitChain(node, std::move(chain), node.inputs[0]);
}

// INT8: bias, scales and activations in the deconvolution itself (oneDNN's
// INT8 deconvolution applies them in its kernel).
absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::TensorInfo* w = ctx.Constant(node.inputs[1]);
  if (w == nullptr || w->dtype != ir::DataType::kS8 || !ir::IsInt8(x.dtype)) return NotOnednn();
  dk::DeconvolutionSpec spec;
  MINT8_ASSIGN_OR_RETURN(spec.geometry,
                         ir::ResolveConvTransposeGeometry(node, x.shape.Sizes(), w->shape.Sizes()));
  MINT8_RETURN_IF_ERROR(SetInt8Operands(ctx, node, spec.geometry.out_channels, nullptr, spec));
  absl::StatusOr<dk::CompiledPrimitive> p = dk::CreateDeconvolution(spec);
  if (!p.ok()) return NotOnednn(p.status().message());
  return ctx.Emit(node, std::move(*p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("ConvTranspose", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
