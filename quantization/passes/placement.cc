#include "quantization/passes/placement.h"

#include "ir/op_schema.h"

namespace mint8::quantization {
namespace {

// Why compute op `node` cannot run INT8, or "" when it can.
std::string ComputeBlocker(const ir::Graph& graph, const ir::Node& node) {
  const ir::TensorInfo* x = graph.FindTensor(node.inputs[0]);
  const ir::TensorInfo* w = graph.FindConstant(node.inputs[1]);
  if (x == nullptr || x->dtype != ir::DataType::kF32) return "input is not f32";
  if (w == nullptr || w->dtype != ir::DataType::kF32) return "weights are not f32 constants";
  if (node.has_input(2) && graph.FindConstant(node.inputs[2]) == nullptr) return "bias is not constant";
  const ir::OpTraits& traits = ir::TraitsOf(node.op_type);
  if (traits.int8_blocker != nullptr) return traits.int8_blocker(graph, node);
  return "";
}

}  // namespace

void PlaceNodes(const ir::Graph& graph, const PlacementOptions& options, QuantizationPlan& plan) {
  std::set<std::string> int8_tensors;
  for (const auto& node : graph.nodes()) {
    const ir::QuantizationRole role = ir::TraitsOf(node->op_type).quantization;
    const bool excluded =
        options.exclude_nodes.count(node->name) || options.exclude_op_types.count(node->op_type);
    bool int8 = false;
    if (role == ir::QuantizationRole::kCompute) {
      const std::string blocker = excluded ? "excluded by the user" : ComputeBlocker(graph, *node);
      int8 = blocker.empty();
      if (!int8) plan.fp32_reasons[node->name] = blocker;
    } else if (role == ir::QuantizationRole::kScaledProduct && !excluded) {
      // INT8 when the operand the size of the output already is; the other
      // is read as it comes (INT8 or f32).
      const ir::TensorInfo* out = graph.FindTensor(node->outputs[0]);
      for (const std::string& in : node->inputs) {
        const ir::TensorInfo* t = graph.FindTensor(in);
        int8 = int8 || (int8_tensors.count(in) > 0 && out != nullptr && t->shape == out->shape);
      }
    } else if ((role == ir::QuantizationRole::kScalePreserving ||
                role == ir::QuantizationRole::kScaleUnifying) &&
               !excluded) {
      int8 = true;
      for (const std::string& in : node->inputs) {
        if (in.empty() || graph.FindConstant(in) != nullptr) continue;
        int8 = int8 && int8_tensors.count(in) > 0;
      }
      if (role == ir::QuantizationRole::kScaleUnifying) {
        for (const std::string& in : node->inputs) int8 = int8 && graph.FindConstant(in) == nullptr;
      }
    }
    if (!int8) continue;
    plan.int8_nodes.insert(node->name);
    int8_tensors.insert(node->outputs[0]);
  }
}

}  // namespace mint8::quantization
