// ScaledQuantizeLinear: mint8's one-pass quantization of a channels-last f32
// tensor times a per-channel multiplier (kernels/x86/quantize_to_nhwc.h),
// per tensor; the reference kernels (a Mul, then QuantizeLinear) otherwise.
#include <memory>
#include <vector>

#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"
#include "kernels/reference/elementwise.h"
#include "kernels/reference/quantization.h"
#include "kernels/x86/quantize_to_nhwc.h"
#include "runtime/int8_arithmetic.h"
#include "runtime/lowering.h"
#include "runtime/ops/quantization_reorder.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  std::vector<float> product(in[0].num_elements());
  const ir::MutableTensorView scaled{ir::DataType::kF32, in[0].dims, product.data()};
  MINT8_RETURN_IF_ERROR(kernels::reference::Binary(kernels::reference::BinaryOp::kMul, in[0], in[3], scaled));
  const ir::ConstTensorView x{ir::DataType::kF32, in[0].dims, product.data()};
  return kernels::reference::QuantizeLinear(x, in[1], Present(in, 2) ? &in[2] : nullptr, 1, out[0]);
}

absl::Status Lower(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const ir::Dims dims = x.shape.Sizes();
  if (dims.size() != 4) return NotOnednn("not a 4-D tensor");
  MINT8_ASSIGN_OR_RETURN(QuantizationReorder r,
                         QuantizationStepParameters(QuantizationStep::kQuantize, ctx, node));
  x86::QuantizeToNhwcParams p = NhwcQuantizationParams(r, y, dims);
  p.channels_last_source = true;
  p.scaled_by_channel = true;
  MINT8_ASSIGN_OR_RETURN(std::unique_ptr<x86::QuantizeToNhwc> quantize,
                         x86::QuantizeToNhwc::Create(p, dk::OwnKernelIsa()));
  const dnnl::memory::desc nhwc = ChannelsLast(PlainOf(ir::DataType::kF32, dims));
  MINT8_ASSIGN_OR_RETURN(int src, ctx.ValueIn(node.inputs[0], nhwc));
  MINT8_ASSIGN_OR_RETURN(int multipliers, ctx.PlainValue(node.inputs[3]));
  const int out = ctx.NewOutput(node, 0, ChannelsLast(PlainOf(y.dtype, dims)));
  return ctx.AddKernelStep(std::make_unique<ScaledQuantizeStep>("ScaledQuantizeLinear", std::move(quantize)),
                           {DNNL_ARG_SRC, DNNL_ARG_SRC_1}, DNNL_ARG_DST, node.name, {src, multipliers}, out,
                           "");
}

MINT8_REGISTER_LOWERING("ScaledQuantizeLinear", OpLowering{Reference, nullptr, Lower});

}  // namespace
}  // namespace mint8::runtime::ops
