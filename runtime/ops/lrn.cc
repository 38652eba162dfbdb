// LRN: oneDNN local response normalization across channels.
#include "ir/status_macros.h"
#include "kernels/onednn/normalization.h"
#include "kernels/reference/normalization.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;
namespace ref = kernels::reference;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  ref::LrnParams p;
  p.size = node.attributes.GetInt("size", 1);
  p.alpha = node.attributes.GetFloat("alpha", 1e-4f);
  p.beta = node.attributes.GetFloat("beta", 0.75f);
  p.bias = node.attributes.GetFloat("bias", 1.f);
  ref::LrnF32(p, in[0], out[0].data<float>());
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  dk::LrnSpec spec;
  spec.size = node.attributes.GetInt("size", 1);
  spec.alpha = node.attributes.GetFloat("alpha", 1e-4f);
  spec.beta = node.attributes.GetFloat("beta", 0.75f);
  spec.bias = node.attributes.GetFloat("bias", 1.f);
  spec.src_desc = ctx.LayoutOf(node.inputs[0]);
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateLrn(spec));
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("LRN", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
