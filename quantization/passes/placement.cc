#include "quantization/passes/placement.h"

#include "ir/op_schema.h"

namespace mint8::quantization {
namespace {

// Why `node` (a Conv or Gemm) cannot run INT8, or "" when it can.
std::string ComputeBlocker(const ir::Graph& graph, const ir::Node& node) {
  const ir::TensorInfo* x = graph.FindTensor(node.inputs[0]);
  const ir::TensorInfo* w = graph.FindConstant(node.inputs[1]);
  if (x == nullptr || x->dtype != ir::DataType::kF32) return "input is not f32";
  if (w == nullptr || w->dtype != ir::DataType::kF32) return "weights are not f32 constants";
  if (node.has_input(2) && graph.FindConstant(node.inputs[2]) == nullptr) return "bias is not constant";
  if (node.op_type == "Gemm") {
    const ir::Attributes& a = node.attributes;
    if (a.GetInt("transA", 0) != 0 || a.GetFloat("alpha", 1.f) != 1.f) return "transA or alpha";
    if (node.has_input(2) && a.GetFloat("beta", 1.f) != 1.f) return "beta != 1";
    if (ir::SumInputIndex(node) >= 0) return "residual sum on a Gemm";
    if (node.has_input(2)) {
      const int64_t n = graph.FindTensor(node.outputs[0])->shape.dim(1).size;
      if (graph.FindConstant(node.inputs[2])->shape.NumElements() != n) return "bias is not one row";
    }
  }
  return "";
}

}  // namespace

bool IsScalePreserving(const std::string& op) {
  return op == "MaxPool" || op == "GlobalMaxPool" || op == "AveragePool" || op == "GlobalAveragePool" ||
         op == "Reshape" || op == "Flatten" || op == "Squeeze" || op == "Unsqueeze";
}

void PlaceNodes(const ir::Graph& graph, const PlacementOptions& options, QuantizationPlan& plan) {
  std::set<std::string> int8_tensors;
  for (const auto& node : graph.nodes()) {
    const std::string& op = node->op_type;
    const bool excluded = options.exclude_nodes.count(node->name) || options.exclude_op_types.count(op);
    bool int8 = false;
    if (op == "Conv" || op == "Gemm") {
      const std::string blocker = excluded ? "excluded by the user" : ComputeBlocker(graph, *node);
      int8 = blocker.empty();
      if (!int8) plan.fp32_reasons[node->name] = blocker;
    } else if ((IsScalePreserving(op) || op == "Concat") && !excluded) {
      int8 = true;
      for (const std::string& in : node->inputs) {
        if (in.empty() || graph.FindConstant(in) != nullptr) continue;
        int8 = int8 && int8_tensors.count(in) > 0;
      }
      if (op == "Concat") {
        for (const std::string& in : node->inputs) int8 = int8 && graph.FindConstant(in) == nullptr;
      }
    }
    if (!int8) continue;
    plan.int8_nodes.insert(node->name);
    int8_tensors.insert(node->outputs[0]);
  }
}

}  // namespace mint8::quantization
