// ReduceMean: oneDNN's reduction on FP32 (from the producer's layout; a
// result without the reduced axes is a view of the one with them); the
// reference kernel otherwise.
#include <algorithm>
#include <string>
#include <vector>

#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

std::vector<bool> ReducedAxes(const ir::Node& node, int rank) {
  std::vector<bool> reduce(rank, node.attributes.GetInts("axes").empty());
  for (int64_t axis : node.attributes.GetInts("axes")) reduce[axis < 0 ? axis + rank : axis] = true;
  return reduce;
}

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  kernels::reference::ReduceMeanF32(in[0], ReducedAxes(node, in[0].rank()), out[0].data<float>());
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::Dims x = ctx.Info(node.inputs[0]).shape.Sizes();
  const std::vector<bool> reduce = ReducedAxes(node, static_cast<int>(x.size()));
  ir::Dims kept = x;
  for (size_t d = 0; d < x.size(); ++d) {
    if (reduce[d]) kept[d] = 1;
  }
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (src.is_zero() || ctx.Constant(node.inputs[0]) != nullptr || kept == x)
    return NotOnednn("no oneDNN layout");
  const dnnl::memory::desc dst = PlainOf(ir::DataType::kF32, kept);
  // oneDNN's JIT reduction wants the reduced axes innermost: a blocked
  // producer layout may leave only its reference code, a plain one not.
  dk::CompiledPrimitive p;
  for (const dnnl::memory::desc& from : {src, PlainOf(ir::DataType::kF32, x)}) {
    try {
      dnnl::reduction::desc desc(dnnl::algorithm::reduction_mean, from, dst, 0.f, 0.f);
      dnnl::reduction::primitive_desc pd(desc, dk::BaseAttributes(), dk::CpuEngine());
      p = dk::SourceToDestination<dnnl::reduction>("ReduceMean", pd);
    } catch (const dnnl::error& e) {
      return dk::OnednnError("ReduceMean", e);
    }
    if (!dk::IsReferenceImplementation(p.kernel->implementation())) break;
  }
  MINT8_RETURN_IF_ERROR(RejectReference(p));
  MINT8_ASSIGN_OR_RETURN(int in, ctx.ValueIn(node.inputs[0], p.input_descs[0]));
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  int out;
  if (kept == y.shape.Sizes()) {
    out = ctx.NewOutput(node, 0, dst);
  } else {
    out = ctx.NewValue(y.name + "@kept", y.dtype, kept, dst);
    ctx.ViewOf(out, y.name, y.shape.Sizes(), PlainOf(y.dtype, y.shape.Sizes()));
  }
  return ctx.AddStep(std::move(p), node.name, {in}, out);
}

MINT8_REGISTER_LOWERING("ReduceMean", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
