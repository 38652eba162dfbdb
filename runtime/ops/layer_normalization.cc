// LayerNormalization: the reference loop, and oneDNN's layer normalization
// when it normalizes the last dimension alone with a Scale (and B) of that
// size and no Mean/InvStdDev outputs: the form ViT, Swin and ConvNeXt use.
#include <cmath>
#include <memory>

#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  const int rank = in[0].rank();
  const int64_t axis = Axis(node, "axis", -1, rank);
  const int64_t inner = ir::NumElements(absl::MakeConstSpan(in[0].dims).subspan(axis));
  const int64_t outer = in[0].num_elements() / inner;
  const float epsilon = node.attributes.GetFloat("epsilon", 1e-5f);
  const float* scale = in[1].data<float>();
  const int64_t scale_size = in[1].num_elements();
  const bool has_bias = Present(in, 2);
  const int64_t bias_size = has_bias ? in[2].num_elements() : 1;
  for (int64_t o = 0; o < outer; ++o) {
    const float* x = in[0].data<float>() + o * inner;
    float* y = out[0].data<float>() + o * inner;
    double sum = 0, squares = 0;
    for (int64_t i = 0; i < inner; ++i) sum += x[i];
    const double mean = sum / inner;
    for (int64_t i = 0; i < inner; ++i) squares += (x[i] - mean) * (x[i] - mean);
    const double inv_std = 1.0 / std::sqrt(squares / inner + epsilon);
    if (out.size() > 1 && out[1].raw != nullptr) out[1].data<float>()[o] = static_cast<float>(mean);
    if (out.size() > 2 && out[2].raw != nullptr) out[2].data<float>()[o] = static_cast<float>(inv_std);
    for (int64_t i = 0; i < inner; ++i) {
      // Scale and B broadcast over the trailing normalized dims.
      const float b = has_bias ? in[2].data<float>()[i % bias_size] : 0.f;
      y[i] = static_cast<float>((x[i] - mean) * inv_std) * scale[i % scale_size] + b;
    }
  }
  return absl::OkStatus();
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::Dims dims = ctx.Info(node.inputs[0]).shape.Sizes();
  const int rank = static_cast<int>(dims.size());
  const int64_t channels = dims.empty() ? 0 : dims.back();
  const ir::TensorInfo* scale = ctx.Constant(node.inputs[1]);
  const ir::TensorInfo* bias = node.has_input(2) ? ctx.Constant(node.inputs[2]) : nullptr;
  const int64_t axis = node.attributes.GetInt("axis", -1);
  if (rank < 2 || rank > 5 || (axis != -1 && axis != rank - 1) || node.outputs.size() > 1 ||
      scale == nullptr || scale->shape.NumElements() != channels || (node.has_input(2) && bias == nullptr) ||
      (bias != nullptr && bias->shape.NumElements() != channels)) {
    return NotOnednn();
  }
  dk::CompiledPrimitive p;
  try {
    const dnnl::memory::desc src = PlainOf(ir::DataType::kF32, dims);
    const auto flags = bias != nullptr
                           ? dnnl::normalization_flags::use_scale | dnnl::normalization_flags::use_shift
                           : dnnl::normalization_flags::use_scale;
    dnnl::layer_normalization_forward::desc desc(dnnl::prop_kind::forward_inference, src,
                                                 node.attributes.GetFloat("epsilon", 1e-5f), flags);
    dnnl::layer_normalization_forward::primitive_desc pd(desc, dk::BaseAttributes(), dk::CpuEngine());
    p = dk::SourceToDestination<dnnl::layer_normalization_forward>("LayerNormalization", pd);
    const dnnl::memory::desc parameter = dk::PlainDesc({channels}, dnnl::memory::data_type::f32);
    p.kernel->BindConstant(DNNL_ARG_SCALE, dk::PackConstant(parameter, scale->data->data(), parameter));
    if (bias != nullptr) {
      p.kernel->BindConstant(DNNL_ARG_SHIFT, dk::PackConstant(parameter, bias->data->data(), parameter));
    }
  } catch (const dnnl::error& e) {
    return dk::OnednnError("LayerNormalization", e);
  }
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("LayerNormalization", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
