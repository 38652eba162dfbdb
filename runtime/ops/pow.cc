// Pow: a constant scalar f32 exponent runs on oneDNN's eltwise_pow; any
// other form on the broadcasting reference loop (computed in double).
#include <cmath>
#include <memory>

#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

template <typename E>
double ExponentAt(const ir::ConstTensorView& e, int64_t i) {
  return static_cast<double>(e.data<E>()[i]);
}

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  const ir::ConstTensorView &base = in[0], &exponent = in[1];
  double (*exponent_at)(const ir::ConstTensorView&, int64_t) =
      exponent.dtype == ir::DataType::kF32   ? ExponentAt<float>
      : exponent.dtype == ir::DataType::kS32 ? ExponentAt<int32_t>
                                             : ExponentAt<int64_t>;
  BroadcastWalk walk(out[0].dims, {base.dims, exponent.dims});
  return ByValueType(base.dtype, [&](auto t) {
    using T = decltype(t);
    walk.ForEach([&](int64_t i, const int64_t* at) {
      const double v = std::pow(static_cast<double>(base.data<T>()[at[0]]), exponent_at(exponent, at[1]));
      out[0].data<T>()[i] = static_cast<T>(v);
    });
  });
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::TensorInfo* exponent = ctx.Constant(node.inputs[1]);
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (exponent == nullptr || exponent->dtype != ir::DataType::kF32 || exponent->shape.NumElements() != 1 ||
      src.is_zero() || ctx.Info(node.inputs[0]).shape.Sizes() != ctx.Info(node.outputs[0]).shape.Sizes()) {
    return NotOnednn();
  }
  dk::CompiledPrimitive p;
  try {
    dnnl::eltwise_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::eltwise_pow, src,
                                     1.f, exponent->data->data<float>()[0]);
    dnnl::eltwise_forward::primitive_desc pd(desc, dk::BaseAttributes(), dk::CpuEngine());
    p = dk::SourceToDestination<dnnl::eltwise_forward>("Pow", pd);
  } catch (const dnnl::error& e) {
    return dk::OnednnError("Pow", e);
  }
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("Pow", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
