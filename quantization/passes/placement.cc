#include "quantization/passes/placement.h"

#include <algorithm>

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

// Ops a classifier may run between its last convolution and the output,
// cheap enough in FP32 on the last layer's small output.
bool IsOutputTailOp(const std::string& op_type) {
  return op_type == "Flatten" || op_type == "Reshape" || op_type == "Squeeze" || op_type == "Unsqueeze" ||
         op_type == "GlobalAveragePool" || op_type == "GlobalMaxPool";
}

// A network output reached from an INT8 compute op only through tail ops
// that nothing else reads: the tail runs FP32 and the compute op writes f32
// (the squash pass folds the dequantization in), so the output (logits, or
// the map a global pooling averages into them) is never rounded to 8 bits.
void KeepOutputTailsFp32(const ir::Graph& graph, QuantizationPlan& plan) {
  for (const std::string& output : graph.outputs()) {
    std::vector<const ir::Node*> tail;
    std::string t = output;
    const ir::Node* p = graph.Producer(t);
    while (p != nullptr && plan.int8_nodes.count(p->name) && IsOutputTailOp(p->op_type) &&
           graph.NumUses(t) == 1) {
      tail.push_back(p);
      t = p->inputs[0];
      p = graph.Producer(t);
    }
    if (tail.empty() || p == nullptr || !plan.int8_nodes.count(p->name) || !ir::IsInt8ComputeOp(*p) ||
        ir::SumInputIndex(*p) >= 0 || graph.NumUses(t) != 1) {
      continue;
    }
    for (const ir::Node* n : tail) {
      plan.int8_nodes.erase(n->name);
      plan.fp32_reasons[n->name] = "between the last compute layer and the output, which stays f32";
    }
  }
}

// A product of two run-time operands of one rank (the lowering's shape) is
// INT8 when both already are (attention's Q x K'). Softmax probabilities
// are not quantized for P x V: at 8 bits most of 197 weights near 1/197
// would keep one or two levels (ViT-Ti agreement with FP32 fell 95 -> 89%).
bool OperandProductIsInt8(const ir::Graph& graph, const ir::Node& node,
                          const std::set<std::string>& int8_tensors) {
  if (node.inputs.size() != 2 || ir::SumInputIndex(node) >= 0) return false;
  const ir::TensorInfo* a = graph.FindTensor(node.inputs[0]);
  const ir::TensorInfo* b = graph.FindTensor(node.inputs[1]);
  if (a == nullptr || b == nullptr || graph.FindConstant(node.inputs[0]) != nullptr ||
      graph.FindConstant(node.inputs[1]) != nullptr || a->shape.rank() < 2 ||
      a->shape.rank() != b->shape.rank()) {
    return false;
  }
  return int8_tensors.count(node.inputs[0]) > 0 && int8_tensors.count(node.inputs[1]) > 0;
}

// Whether only ops that compute on INT8 data read `tensor` (not a graph
// output, not an op that would dequantize it first such as LayerNorm).
bool OnlyInt8OpsRead(const ir::Graph& graph, const std::string& tensor) {
  if (graph.IsGraphOutput(tensor)) return false;
  for (const auto& n : graph.nodes()) {
    if (std::find(n->inputs.begin(), n->inputs.end(), tensor) == n->inputs.end()) continue;
    const ir::QuantizationRole role = ir::TraitsOf(n->op_type).quantization;
    if (role != ir::QuantizationRole::kCompute && role != ir::QuantizationRole::kScalePreserving &&
        role != ir::QuantizationRole::kScaleUnifying && role != ir::QuantizationRole::kScaledSum) {
      return false;
    }
  }
  return true;
}

// A sum of two run-time operands is INT8 when both already are, neither
// broadcasts and only INT8 ops read it (a detector's FPN: an upsampled
// coarser map plus a lateral one, read by a convolution and the next
// upsampling): one pass over bytes instead of two dequantizations, an FP32
// sum and a quantization. Not when an operand is itself an INT8 sum: a
// residual stream rounded to 8 bits again at every block accumulates the
// error (ConvNeXt-T's relative output error 0.029 -> 0.032 with all 15 of
// its sums INT8); nor a transformer's residual sum read by a LayerNorm.
bool ScaledSumIsInt8(const ir::Graph& graph, const ir::Node& node, const std::set<std::string>& int8_tensors,
                     const QuantizationPlan& plan) {
  const ir::TensorInfo* out = graph.FindTensor(node.outputs[0]);
  if (out == nullptr || !OnlyInt8OpsRead(graph, node.outputs[0])) return false;
  for (const std::string& in : node.inputs) {
    const ir::TensorInfo* t = graph.FindTensor(in);
    if (t == nullptr || graph.FindConstant(in) != nullptr || !int8_tensors.count(in) ||
        !(t->shape == out->shape)) {
      return false;
    }
    const ir::Node* producer = graph.Producer(in);
    if (producer != nullptr && plan.int8_nodes.count(producer->name) &&
        ir::TraitsOf(producer->op_type).quantization == ir::QuantizationRole::kScaledSum) {
      return false;
    }
  }
  return true;
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
    } else if (role == ir::QuantizationRole::kScaledSum && !excluded) {
      int8 = ScaledSumIsInt8(graph, *node, int8_tensors, plan);
    } else if (role == ir::QuantizationRole::kOperandProduct && !excluded) {
      int8 = OperandProductIsInt8(graph, *node, int8_tensors);
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
  if (options.float_output_tails) KeepOutputTailsFp32(graph, plan);
}

}  // namespace mint8::quantization
