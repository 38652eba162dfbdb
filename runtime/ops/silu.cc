// Silu: the activations' shared reference function; FP32 on oneDNN's
// eltwise_swish (alpha 1) or mint8's own SiLU (own_activation.h), whichever is
// faster here.
#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "kernels/onednn/eltwise.h"
#include "runtime/ops/activation.h"
#include "runtime/ops/own_activation.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (src.is_zero()) return NotOnednn();
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateEltwise({{ir::PostOpKind::kSilu}, src}));
  std::optional<OwnKernel> own = OwnSiluKernel(p.input_descs[0]);
  if (!own) return ctx.Emit(node, std::move(p), {node.inputs[0]});
  const std::string signature = absl::StrCat("silu f32 ", p.input_descs[0].get_size() / sizeof(float));
  return ctx.EmitFastest(node, std::move(p), std::move(*own), {node.inputs[0]}, signature);
}

MINT8_REGISTER_LOWERING("Silu", OpLowering{ActivationLowering().reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
