#include "ir/statistics.h"

namespace mint8::ir {

int64_t NodeMacs(const Graph& graph, const Node& node) {
  const TensorInfo* out = graph.FindTensor(node.outputs[0]);
  if (out == nullptr || !out->shape.IsFullyKnown()) return 0;
  const TensorInfo* w = node.inputs.size() > 1 ? graph.FindTensor(node.inputs[1]) : nullptr;
  if (w == nullptr || !w->shape.IsFullyKnown()) return 0;
  const Dims wd = w->shape.Sizes();
  if (node.op_type == "Conv") {
    // Each output element: (C/group) * kH * kW products.
    return out->shape.NumElements() * wd[1] * wd[2] * wd[3];
  }
  if (node.op_type == "Gemm") {
    const bool trans_b = node.attributes.GetInt("transB", 0) != 0;
    return out->shape.NumElements() * (trans_b ? wd[1] : wd[0]);
  }
  if (node.op_type == "MatMul") {
    return out->shape.NumElements() * (wd.size() >= 2 ? wd[wd.size() - 2] : wd[0]);
  }
  return 0;
}

int64_t CountMacs(const Graph& graph) {
  int64_t total = 0;
  for (const auto& node : graph.nodes()) total += NodeMacs(graph, *node);
  return total;
}

int64_t ParameterBytes(const Graph& graph) {
  int64_t total = 0;
  for (const auto& [name, t] : graph.tensors()) {
    if (t.is_constant()) total += static_cast<int64_t>(t.data->size());
  }
  return total;
}

}  // namespace mint8::ir
