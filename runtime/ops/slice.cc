// Slice: with constant starts/axes and positive steps, one oneDNN reorder from
// a strided window of the input (FP32, and INT8 quantized like the output): channels-
// last in and out where the input is, else plain; the reference kernel
// otherwise.
#include <string>
#include <vector>

#include "ir/status_macros.h"
#include "kernels/onednn/reorder.h"
#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  const SliceWindow w =
      ResolveSliceWindow(in[0].dims, Ints(in[1]), Present(in, 3) ? Ints(in[3]) : std::vector<int64_t>{},
                         Present(in, 4) ? Ints(in[4]) : std::vector<int64_t>{});
  kernels::reference::StridedSlice(in[0], w.begin, w.step, out[0]);
  return absl::OkStatus();
}

// The elements of `src` (plain or channels-last, no blocks) that a window
// starting at `begin` with positive `steps` picks, `out` of them per axis:
// the window's offset, strides multiplied by the steps.
dnnl::memory::desc StridedWindow(const dnnl::memory::desc& src, const ir::Dims& out, const SliceWindow& w) {
  ir::Dims extent(out.size());
  for (size_t i = 0; i < out.size(); ++i) extent[i] = out[i] == 0 ? 0 : (out[i] - 1) * w.step[i] + 1;
  const dnnl::memory::desc window = src.submemory_desc(dnnl::memory::dims(extent.begin(), extent.end()),
                                                       dnnl::memory::dims(w.begin.begin(), w.begin.end()));
  dnnl_memory_desc_t d = window.data;
  for (size_t i = 0; i < out.size(); ++i) {
    d.dims[i] = d.padded_dims[i] = out[i];
    d.format_desc.blocking.strides[i] *= w.step[i];
  }
  return dnnl::memory::desc(d);
}

// A window of a channels-last input, written channels-last: its consumers
// (convolutions) read that layout, so neither side needs a conversion.
absl::Status LowerChannelsLast(LoweringContext& ctx, const ir::Node& node, const SliceWindow& w) {
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (src.is_zero() || src.dims().size() != 4 || src != ChannelsLast(src))
    return NotOnednn("not channels-last");
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const ir::Dims out = y.shape.Sizes();
  MINT8_ASSIGN_OR_RETURN(int value, ctx.ValueIn(node.inputs[0], src));
  const dnnl::memory::desc window = StridedWindow(src, out, w);
  const dnnl::memory::desc dst = ChannelsLast(PlainOf(y.dtype, out));
  MINT8_ASSIGN_OR_RETURN(kernels::onednn::CompiledPrimitive move,
                         kernels::onednn::CreateReorder({window, dst, {}, 0, 0, "Slice"}));
  MINT8_RETURN_IF_ERROR(RejectReference(move));
  const int from = ctx.ViewOf(value, y.name + "@source", out, window);
  return ctx.AddStep(std::move(move), node.name, {from}, ctx.NewOutput(node, 0, dst));
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const std::optional<std::vector<int64_t>> starts = ctx.ConstantInts(node.inputs[1]);
  std::optional<std::vector<int64_t>> axes = std::vector<int64_t>{}, steps = std::vector<int64_t>{};
  if (node.has_input(3)) axes = ctx.ConstantInts(node.inputs[3]);
  if (node.has_input(4)) steps = ctx.ConstantInts(node.inputs[4]);
  if (!starts || !axes || !steps) return NotOnednn("starts, axes and steps are not constants");
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::Dims out = ctx.Info(node.outputs[0]).shape.Sizes();
  const SliceWindow w = ResolveSliceWindow(x.shape.Sizes(), *starts, *axes, *steps);
  for (int64_t step : w.step) {
    if (step < 1) return NotOnednn("negative steps");
  }
  const dnnl::memory::desc plain = PlainOf(x.dtype, x.shape.Sizes());
  if (plain.is_zero() || ctx.Constant(node.inputs[0]) != nullptr || ir::NumElements(out) == 0) {
    return NotOnednn("no oneDNN layout");
  }
  absl::Status channels_last = LowerChannelsLast(ctx, node, w);
  if (!absl::IsUnimplemented(channels_last)) return channels_last;
  MINT8_ASSIGN_OR_RETURN(int value, ctx.PlainValue(node.inputs[0]));
  return ctx.EmitMove(node, 0, value, StridedWindow(plain, out, w), PlainOf(x.dtype, out));
}

absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  if (!ctx.QuantizedLikeOutput(node))
    return NotOnednn("INT8 slice needs its input quantized like its output");
  return LowerFp32(ctx, node);
}

MINT8_REGISTER_LOWERING("Slice", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
