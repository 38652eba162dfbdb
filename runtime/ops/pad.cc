// Pad: in constant mode (FP32) two oneDNN reorders into the plain output -
// a packed constant of the output's shape holding the pad value, then the
// input into its window; the reference kernel otherwise. (Zero spatial
// padding before a Conv or an AveragePool becomes the op's own padding,
// ir/passes/fusion_passes.h.)
#include <algorithm>
#include <string>
#include <vector>

#include "ir/status_macros.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/onednn/reorder.h"
#include "kernels/reference/elementwise.h"
#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  namespace ref = kernels::reference;
  const std::string mode = node.attributes.GetString("mode", "constant");
  const ref::PadMode m = mode == "reflect" ? ref::PadMode::kReflect
                         : mode == "edge"  ? ref::PadMode::kEdge
                                           : ref::PadMode::kConstant;
  float value = 0;
  if (Present(in, 2)) {
    ir::MutableTensorView v{ir::DataType::kF32, {1}, &value};
    MINT8_RETURN_IF_ERROR(ref::Cast(ir::ConstTensorView{in[2].dtype, {1}, in[2].raw}, v));
  }
  ref::Pad(in[0], Ints(in[1]), m, value, out[0]);
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  if (node.attributes.GetString("mode", "constant") != "constant") return NotOnednn("reflect and edge modes");
  const std::optional<std::vector<int64_t>> pads = ctx.ConstantInts(node.inputs[1]);
  if (!pads) return NotOnednn("pads that are not constant");
  float value = 0.f;
  if (node.has_input(2)) {
    const ir::TensorInfo* v = ctx.Constant(node.inputs[2]);
    if (v == nullptr || v->dtype != ir::DataType::kF32)
      return NotOnednn("a pad value that is not an f32 constant");
    value = v->data->data<float>()[0];
  }
  const ir::TensorInfo& x = ctx.Info(node.inputs[0]);
  const ir::Dims in = x.shape.Sizes(), out = ctx.Info(node.outputs[0]).shape.Sizes();
  const dnnl::memory::desc plain_out = PlainOf(x.dtype, out);
  if (x.dtype != ir::DataType::kF32 || plain_out.is_zero() || ctx.Constant(node.inputs[0]) != nullptr ||
      ir::NumElements(in) == 0) {
    return NotOnednn("no oneDNN layout");
  }
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive background,
                         dk::CreateReorder({plain_out, plain_out, {}, 0, 0, "Pad"}));
  const std::vector<float> filled(ir::NumElements(out), value);
  background.kernel->BindConstant(DNNL_ARG_FROM, dk::PackConstant(plain_out, filled.data(), plain_out));
  background.input_args.clear();
  background.input_descs.clear();
  const dnnl::memory::desc window = plain_out.submemory_desc(
      dnnl::memory::dims(in.begin(), in.end()), dnnl::memory::dims(pads->begin(), pads->begin() + in.size()));
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive move,
                         dk::CreateReorder({PlainOf(x.dtype, in), window, {}, 0, 0, "Pad"}));
  MINT8_RETURN_IF_ERROR(RejectReference(background));
  MINT8_RETURN_IF_ERROR(RejectReference(move));
  MINT8_ASSIGN_OR_RETURN(int from, ctx.PlainValue(node.inputs[0]));
  const int y = ctx.NewOutput(node, 0, plain_out);
  MINT8_RETURN_IF_ERROR(ctx.AddStep(std::move(background), node.name, {}, y));
  const int inside = ctx.ViewOf(y, node.outputs[0] + "@inside", in, window);
  return ctx.AddStep(std::move(move), node.name, {from}, inside);
}

MINT8_REGISTER_LOWERING("Pad", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
