#include "runtime/ops/activation.h"

#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "kernels/onednn/eltwise.h"
#include "kernels/reference/elementwise.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;
namespace ref = kernels::reference;

ir::PostOp ActivationOf(const ir::Node& node) {
  return *ir::TraitsOf(node.op_type).activation(node.attributes);
}

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  const ir::PostOp op = ActivationOf(node);
  if (in[0].dtype != ir::DataType::kF32) {
    if (op.kind != ir::PostOpKind::kClip)
      return absl::InvalidArgumentError("INT8 input to a float activation");
    return ref::ClipInt8(in[0], op.alpha, op.beta, out[0]);
  }
  ref::Activation(op, in[0].data<float>(), out[0].data<float>(), in[0].num_elements());
  return absl::OkStatus();
}

// oneDNN's eltwise `op` on `tensor` laid out as `src`, or on a plain copy
// where it would run its reference code on `src` (oneDNN 2.6's jit eltwise
// skips blocked layouts whose last block is padded for some algorithms,
// e.g. logistic on 60 channels in blocks of 8): a reorder costs less than
// the reference loop.
absl::StatusOr<dk::CompiledPrimitive> JitEltwise(LoweringContext& ctx, const std::string& tensor,
                                                 const ir::PostOp& op, const dnnl::memory::desc& src) {
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive p, dk::CreateEltwise({op, src}));
  if (!dk::IsReferenceImplementation(p.kernel->implementation())) return p;
  const ir::TensorInfo& t = ctx.Info(tensor);
  return dk::CreateEltwise({op, PlainOf(t.dtype, t.shape.Sizes())});
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::PostOp op = ActivationOf(node);
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (src.is_zero()) return NotOnednn();
  MINT8_ASSIGN_OR_RETURN(dk::CompiledPrimitive first, JitEltwise(ctx, node.inputs[0], op, src));
  if (op.kind != ir::PostOpKind::kHardSigmoid) return ctx.Emit(node, std::move(first), {node.inputs[0]});
  // max(0, min(1, alpha * x + beta)) as two primitives: oneDNN 2.6 has no
  // hard-sigmoid, and an eltwise with a post-op runs on its reference code.
  std::vector<dk::CompiledPrimitive> chain(2);
  chain[0] = std::move(first);
  MINT8_ASSIGN_OR_RETURN(chain[1],
                         dk::CreateEltwise({{ir::PostOpKind::kClip, 0.f, 1.f}, chain[0].output_desc}));
  return ctx.EmitChain(node, std::move(chain), node.inputs[0]);
}

}  // namespace

OpLowering ActivationLowering() { return OpLowering{Reference, LowerFp32, nullptr}; }

}  // namespace mint8::runtime::ops
