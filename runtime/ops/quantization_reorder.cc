#include "runtime/ops/quantization_reorder.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/eltwise.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/onednn/reorder.h"
#include "kernels/x86/quantize_to_nhwc.h"
#include "kernels/x86/source_to_destination_kernel.h"
#include "runtime/int8_arithmetic.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

// The quantization of tensor `t`: recorded by the quantizer, or read from the
// node's constant per-tensor scale and zero point inputs.
std::optional<ir::Quantization> QuantizationOf(LoweringContext& ctx, const ir::Node& node,
                                               const ir::TensorInfo& t, int scale_input,
                                               int zero_point_input) {
  if (t.quantization.has_value()) return t.quantization;
  const ir::TensorInfo* s = ctx.Constant(node.inputs[scale_input]);
  if (s == nullptr || s->shape.NumElements() != 1) return std::nullopt;
  ir::Quantization q;
  q.scales = {s->data->data<float>()[0]};
  if (node.has_input(zero_point_input)) {
    const ir::TensorInfo* z = ctx.Constant(node.inputs[zero_point_input]);
    if (z == nullptr) return std::nullopt;
    q.zero_points = {z->dtype == ir::DataType::kU8 ? z->data->data<uint8_t>()[0]
                                                   : z->data->data<int8_t>()[0]};
  }
  return q;
}

}  // namespace

absl::StatusOr<QuantizationReorder> QuantizationStepParameters(QuantizationStep step, LoweringContext& ctx,
                                                               const ir::Node& node) {
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  if (step != QuantizationStep::kQuantize && x.dtype == ir::DataType::kS32) return NotOnednn("s32 input");
  std::optional<ir::Quantization> qx, qy;
  if (step != QuantizationStep::kQuantize) qx = QuantizationOf(ctx, node, x, 1, 2);
  if (step == QuantizationStep::kQuantize) qy = QuantizationOf(ctx, node, y, 1, 2);
  if (step == QuantizationStep::kRequantize) qy = QuantizationOf(ctx, node, y, 3, 4);
  if ((step != QuantizationStep::kQuantize && !qx) || (step != QuantizationStep::kDequantize && !qy)) {
    return NotOnednn("quantization parameters that are not constant");
  }
  absl::StatusOr<QuantizationReorder> r = step == QuantizationStep::kQuantize ? QuantizeReorder(*qy)
                                          : step == QuantizationStep::kDequantize
                                              ? DequantizeReorder(*qx)
                                              : RequantizeReorder(*qx, *qy);
  if (absl::IsUnimplemented(r.status())) return NotOnednn(r.status().message());
  return r;
}

namespace {

// mint8's one-pass quantization (kernels/x86/quantize_to_nhwc.h), per tensor
// into channels-last `dst`, of a plain f32 image of three channels (the
// network's input) or of a channels-last f32 tensor (an FP32 layer's
// output); nullopt where it does not apply.
std::optional<OwnKernel> OwnQuantization(const QuantizationReorder& r, const ir::TensorInfo& y,
                                         const dnnl::memory::desc& src, const dnnl::memory::desc& dst) {
  const dnnl::memory::dims d = src.dims();
  if (!ir::IsInt8(y.dtype) || d.size() != 4 || src.data_type() != dnnl::memory::data_type::f32 ||
      dst != ChannelsLast(dst) || r.src_zero_point != 0) {
    return std::nullopt;
  }
  const bool channels_last = src == ChannelsLast(src);
  if (!channels_last && !(dk::IsPlain(src) && d[1] == 3)) return std::nullopt;
  x86::QuantizeToNhwcParams p = NhwcQuantizationParams(r, y, ir::Dims(d.begin(), d.end()));
  p.channels_last_source = channels_last;
  auto q = x86::QuantizeToNhwc::Create(p, dk::OwnKernelIsa());
  if (!q.ok() || (*q)->isa() == Isa::kGeneric) return std::nullopt;
  OwnKernel own;
  own.kernel = std::make_unique<x86::SourceToDestinationKernel<x86::QuantizeToNhwc>>(
      "QuantizeLinear", "mint8_quantize", std::move(*q));
  own.input_descs = {src};
  own.output_desc = dst;
  return own;
}

// Whether only products of two run-time operands (MatMul, which takes plain
// layouts) read `tensor`, directly or after a dequantization (as they do
// without VNNI, int8_encoding.h).
bool OnlyOperandProductsRead(const ir::Graph& graph, const std::string& tensor) {
  bool read = false;
  for (const auto& n : graph.nodes()) {
    for (const std::string& in : n->inputs) {
      if (in != tensor) continue;
      const ir::QuantizationRole role = ir::TraitsOf(n->op_type).quantization;
      const bool product = role == ir::QuantizationRole::kOperandProduct ||
                           (role == ir::QuantizationRole::kDequantize && in == n->inputs[0] &&
                            OnlyOperandProductsRead(graph, n->outputs[0]));
      if (!product) return false;
      read = true;
    }
  }
  return read && !graph.IsGraphOutput(tensor);
}

absl::Status Lower(QuantizationStep step, LoweringContext& ctx, const ir::Node& node) {
  MINT8_ASSIGN_OR_RETURN(QuantizationReorder r, QuantizationStepParameters(step, ctx, node));
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (src.is_zero()) return NotOnednn();
  // INT8 convolutions and pooling run channels-last (or blocked) layouts;
  // plain 4-D INT8 would meet reference code there, and suits MatMul only.
  dnnl::memory::desc dst = WithType(src, y.dtype);
  if (ir::IsInt8(y.dtype) && dk::IsPlain(src) && src.dims().size() == 4 &&
      !OnlyOperandProductsRead(ctx.graph(), node.outputs[0])) {
    dst = ChannelsLast(dst);
  }
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder,
                         dk::CreateReorder({src, dst, {r.scale}, r.src_zero_point, r.dst_zero_point}));
  std::optional<OwnKernel> own;
  if (step == QuantizationStep::kQuantize) own = OwnQuantization(r, y, src, dst);
  if (own && !r.clip.has_value()) {
    return ctx.EmitFastest(
        node, std::move(reorder), std::move(*own), {node.inputs[0]},
        absl::StrCat("quantize f32 ", src == ChannelsLast(src) ? "nhwc" : "nchw", " to nhwc ",
                     ir::DataTypeName(y.dtype), " ", ir::DimsToString(y.shape.Sizes())));
  }
  // Into a narrowed range oneDNN needs a clip and a reorder, two passes.
  if (own && ctx.kernel_choice() != KernelChoice::kOnednn) {
    return ctx.EmitOwn(node, std::move(*own), {node.inputs[0]}, "one pass for oneDNN's clip + reorder");
  }
  if (!r.clip.has_value()) return ctx.Emit(node, std::move(reorder), {node.inputs[0]});
  // Clip the real values first, so the reorder cannot leave the range.
  std::vector<dk::CompiledPrimitive> chain(2);
  MINT8_ASSIGN_OR_RETURN(chain[0], dk::CreateEltwise({*r.clip, src}));
  chain[1] = std::move(reorder);
  return ctx.EmitChain(node, std::move(chain), node.inputs[0]);
}

}  // namespace

x86::QuantizeToNhwcParams NhwcQuantizationParams(const QuantizationReorder& r, const ir::TensorInfo& y,
                                                 const ir::Dims& dims) {
  x86::QuantizeToNhwcParams p;
  p.batch = dims[0];
  p.channels = dims[1];
  p.height = dims[2];
  p.width = dims[3];
  p.inv_scale = r.scale;
  p.zero_point = r.dst_zero_point;
  p.dst_signed = y.dtype == ir::DataType::kS8;
  p.qmin = p.dst_signed ? -128 : 0;
  p.qmax = p.dst_signed ? 127 : 255;
  if (y.quantization && y.quantization->narrowed()) {
    p.qmin = y.quantization->qmin;
    p.qmax = y.quantization->qmax;
  }
  return p;
}

ScaledQuantizeStep::ScaledQuantizeStep(std::string op_type, std::unique_ptr<x86::QuantizeToNhwc> impl)
    : op_type_(std::move(op_type)),
      implementation_(absl::StrCat("mint8_quantize:", IsaName(impl->isa()))),
      impl_(std::move(impl)) {}

absl::Status ScaledQuantizeStep::Execute(kernels::KernelContext& ctx) const {
  const int src = ValueOf(DNNL_ARG_SRC), multipliers = ValueOf(DNNL_ARG_SRC_1), dst = ValueOf(DNNL_ARG_DST);
  if (src < 0 || multipliers < 0 || dst < 0)
    return absl::InternalError(absl::StrCat(implementation_, " run before binding"));
  impl_->Run(ctx.data(src), static_cast<const float*>(ctx.data(multipliers)), ctx.data(dst));
  return absl::OkStatus();
}

LowerFn QuantizationReorderLowering(QuantizationStep step) {
  return [step](LoweringContext& ctx, const ir::Node& node) { return Lower(step, ctx, node); };
}

}  // namespace mint8::runtime::ops
