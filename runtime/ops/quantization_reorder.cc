#include "runtime/ops/quantization_reorder.h"

#include <optional>

#include "ir/status_macros.h"
#include "kernels/onednn/eltwise.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/onednn/reorder.h"
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

absl::StatusOr<QuantizationReorder> Parameters(QuantizationStep step, LoweringContext& ctx,
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

absl::Status Lower(QuantizationStep step, LoweringContext& ctx, const ir::Node& node) {
  MINT8_ASSIGN_OR_RETURN(QuantizationReorder r, Parameters(step, ctx, node));
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (src.is_zero()) return NotOnednn();
  // INT8 consumers run channels-last (or blocked) layouts; plain 4-D INT8
  // would only meet reference code.
  dnnl::memory::desc dst = WithType(src, y.dtype);
  if (ir::IsInt8(y.dtype) && dk::IsPlain(src) && src.dims().size() == 4) dst = ChannelsLast(dst);
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive reorder,
                         dk::CreateReorder({src, dst, {r.scale}, r.src_zero_point, r.dst_zero_point}));
  if (!r.clip.has_value()) return ctx.Emit(node, std::move(reorder), {node.inputs[0]});
  // Clip the real values first, so the reorder cannot leave the range.
  std::vector<dk::CompiledPrimitive> chain(2);
  MINT8_ASSIGN_OR_RETURN(chain[0], dk::CreateEltwise({*r.clip, src}));
  chain[1] = std::move(reorder);
  return ctx.EmitChain(node, std::move(chain), node.inputs[0]);
}

}  // namespace

LowerFn QuantizationReorderLowering(QuantizationStep step) {
  return [step](LoweringContext& ctx, const ir::Node& node) { return Lower(step, ctx, node); };
}

}  // namespace mint8::runtime::ops
