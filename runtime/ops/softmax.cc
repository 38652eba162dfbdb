// Softmax: oneDNN softmax (not the opset < 13 form over several axes).
#include "ir/status_macros.h"
#include "kernels/onednn/normalization.h"
#include "kernels/reference/normalization.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  kernels::reference::SoftmaxF32(in[0], Axis(node, "axis", -1, in[0].rank()),
                                 node.attributes.GetInt("coerce_2d", 0) != 0, out[0].data<float>());
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const int rank = ctx.Info(node.inputs[0]).shape.rank();
  const int64_t axis = Axis(node, "axis", -1, rank);
  if (node.attributes.GetInt("coerce_2d", 0) != 0 && axis != rank - 1)
    return NotOnednn("softmax over several axes");
  dk::SoftmaxSpec spec;
  spec.axis = static_cast<int>(axis);
  spec.src_desc = ctx.LayoutOf(node.inputs[0]);
  if (spec.src_desc.is_zero()) return NotOnednn();
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateSoftmax(spec));
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("Softmax", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
