#include "ir/statistics.h"

#include <cstdint>

#include "ir/op_schema.h"

namespace mint8::ir {

int64_t NodeMacs(const Graph& graph, const Node& node) {
  const OpTraits& traits = TraitsOf(node.op_type);
  if (traits.macs_per_output == nullptr) return 0;
  const TensorInfo* out = graph.FindTensor(node.outputs[0]);
  if (out == nullptr || !out->shape.IsFullyKnown()) return 0;
  const TensorInfo* w = node.inputs.size() > 1 ? graph.FindTensor(node.inputs[1]) : nullptr;
  if (w == nullptr || !w->shape.IsFullyKnown()) return 0;
  const Dims wd = w->shape.Sizes();
  int64_t macs;  // saturates: a shape may be absurd (inspect does not allocate)
  if (__builtin_mul_overflow(out->shape.NumElements(), traits.macs_per_output(node, {wd.begin(), wd.end()}), &macs)) {
    return INT64_MAX;
  }
  return macs;
}

int64_t CountMacs(const Graph& graph) {
  int64_t total = 0;
  for (const auto& node : graph.nodes()) {
    if (__builtin_add_overflow(total, NodeMacs(graph, *node), &total)) return INT64_MAX;
  }
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
