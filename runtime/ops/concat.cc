// Concat: reorders into windows of the output (or oneDNN concat), FP32 and
// INT8 (inputs quantized like the output).
#include "kernels/onednn/concat.h"

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "kernels/onednn/binary.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/reorder.h"
#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  kernels::reference::Concat(in, Axis(node, "axis", 0, in[0].rank()), out[0]);
  return absl::OkStatus();
}

// One reorder per input into its window of the output, in the first input's
// layout: oneDNN 2.6's concat primitive copies blocked and plain tensors
// ~18x slower than its reorders do (measured, one thread: two
// [1,64,55,55] nChw16c inputs, 0.69 ms against 0.037 ms). Unimplemented
// when a window would split the layout's channel blocks.
absl::Status LowerAsWindows(LoweringContext& ctx, const ir::Node& node, int axis) {
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const ir::Dims out_dims = y.shape.Sizes();
  const dnnl::memory::desc first = ctx.LayoutOf(node.inputs[0]);
  if (first.is_zero()) return NotOnednn("no oneDNN layout");
  const dnnl::memory::desc out = dk::SameLayout(first, dnnl::memory::dims(out_dims.begin(), out_dims.end()));
  std::vector<dk::CompiledPrimitive> moves;
  std::vector<dnnl::memory::desc> windows;
  int64_t offset = 0;
  for (const std::string& in : node.inputs) {
    if (ctx.Constant(in) != nullptr) return NotOnednn("constant inputs");
    const ir::Dims d = ctx.Info(in).shape.Sizes();
    dnnl::memory::dims at(d.size(), 0);
    at[axis] = offset;
    offset += d[axis];
    try {
      windows.push_back(out.submemory_desc(dnnl::memory::dims(d.begin(), d.end()), at));
    } catch (const dnnl::error&) {
      return NotOnednn("the windows would split channel blocks");
    }
    MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive move,
                           dk::CreateReorder({ctx.LayoutOf(in), windows.back(), {}, 0, 0, "Concat"}));
    MINT8_RETURN_IF_ERROR(RejectReference(move));
    moves.push_back(std::move(move));
  }
  const int value = ctx.NewOutput(node, 0, out);
  for (size_t i = 0; i < moves.size(); ++i) {
    MINT8_ASSIGN_OR_RETURN(int from, ctx.ValueIn(node.inputs[i], moves[i].input_descs[0]));
    const dnnl::memory::dims d = windows[i].dims();
    const int window =
        ctx.ViewOf(value, absl::StrCat(y.name, "@part", i), ir::Dims(d.begin(), d.end()), windows[i]);
    MINT8_RETURN_IF_ERROR(ctx.AddStep(std::move(moves[i]), node.name, {from}, window));
  }
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const int axis = static_cast<int>(Axis(node, "axis", 0, ctx.Info(node.inputs[0]).shape.rank()));
  absl::Status windows = LowerAsWindows(ctx, node, axis);
  if (!absl::IsUnimplemented(windows)) return windows;
  dk::ConcatSpec spec;
  spec.axis = axis;
  for (const std::string& in : node.inputs) {
    if (ctx.Constant(in) != nullptr) return NotOnednn("constant inputs");
    spec.src_descs.push_back(ctx.LayoutOf(in));
  }
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateConcat(spec));
  if (dk::IsReferenceImplementation(p.kernel->implementation())) {
    // Mixed or unaligned layouts: concatenate plain copies instead.
    for (size_t i = 0; i < node.inputs.size(); ++i) {
      const ir::TensorInfo& t = ctx.Info(node.inputs[i]);
      spec.src_descs[i] = PlainOf(t.dtype, t.shape.Sizes());
    }
    MINT8_ASSIGN_OR_RETURN(p, dk::CreateConcat(spec));
  }
  return ctx.Emit(node, std::move(p), node.inputs);
}

absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  if (!ctx.QuantizedLikeOutput(node))
    return NotOnednn("INT8 concat needs all inputs quantized like the output");
  return LowerFp32(ctx, node);
}

MINT8_REGISTER_LOWERING("Concat", OpLowering{Reference, LowerFp32, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
