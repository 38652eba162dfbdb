// Concat: oneDNN concat, FP32 and INT8 (inputs quantized like the output).
#include "kernels/onednn/concat.h"

#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"
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

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  dk::ConcatSpec spec;
  spec.axis = static_cast<int>(Axis(node, "axis", 0, ctx.Info(node.inputs[0]).shape.rank()));
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
