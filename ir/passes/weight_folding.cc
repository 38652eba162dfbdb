#include "ir/passes/weight_folding.h"

#include <algorithm>
#include <string>

#include "ir/op_schema.h"

namespace mint8::ir {
namespace {

std::string AddF32(Graph& graph, const std::string& base, const Dims& dims,
                   const std::vector<float>& values) {
  const std::string name = graph.UniqueTensorName(base);
  graph.AddConstant(name, DataType::kF32, dims, Buffer::Copy(values.data(), values.size() * sizeof(float)));
  return name;
}

}  // namespace

bool FoldChannelAffine(Graph& graph, Node& op, const std::vector<float>& scale,
                       const std::vector<float>& shift) {
  const OpTraits& traits = TraitsOf(op.op_type);
  if (traits.weight_output_axis == nullptr || op.attributes.Has("post_ops")) return false;
  // Gemm's alpha and beta scale the product and the bias apart.
  if (op.attributes.GetFloat("alpha", 1.f) != 1.f || op.attributes.GetFloat("beta", 1.f) != 1.f) return false;
  const TensorInfo* w = graph.FindConstant(op.inputs[1]);
  if (w == nullptr || w->dtype != DataType::kF32) return false;
  const int axis = traits.weight_output_axis(op);
  const int64_t channels = static_cast<int64_t>(scale.size());
  if (w->shape.rank() <= axis || w->shape.dim(axis).size != channels) return false;
  std::vector<float> bias(channels, 0.f);
  if (op.has_input(2)) {
    const TensorInfo* b = graph.FindConstant(op.inputs[2]);
    if (b == nullptr || b->dtype != DataType::kF32) return false;
    const int64_t n = b->shape.NumElements();
    if (n != channels && n != 1) return false;
    for (int64_t c = 0; c < channels; ++c) bias[c] = b->data->data<float>()[n == 1 ? 0 : c];
  }
  for (int64_t c = 0; c < channels; ++c) bias[c] = bias[c] * scale[c] + shift[c];

  int64_t inner = 1;  // values per step along the axis
  for (int d = axis + 1; d < w->shape.rank(); ++d) inner *= w->shape.dim(d).size;
  const auto src = w->data->span<float>();
  std::vector<float> weights(src.begin(), src.end());
  for (size_t i = 0; i < weights.size(); ++i) weights[i] *= scale[(i / inner) % channels];

  op.inputs.resize(std::max<size_t>(op.inputs.size(), 3));
  op.inputs[1] = AddF32(graph, op.name + "/folded_weights", w->shape.Sizes(), weights);
  op.inputs[2] = AddF32(graph, op.name + "/folded_bias", {channels}, bias);
  return true;
}

}  // namespace mint8::ir
