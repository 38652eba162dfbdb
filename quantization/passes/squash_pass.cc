#include "quantization/passes/squash_pass.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"

namespace mint8::quantization {
namespace {

// Per-tensor parameters of a Q/DQ node from its constant scale/zero point.
std::optional<ir::Quantization> NodeQuantization(const ir::Graph& graph, const ir::Node& node) {
  const ir::TensorInfo* s = graph.FindConstant(node.inputs[1]);
  if (s == nullptr || s->shape.NumElements() != 1) return std::nullopt;
  ir::Quantization q;
  q.scales = {s->data->data<float>()[0]};
  int32_t zp = 0;
  if (node.has_input(2)) {
    const ir::TensorInfo* z = graph.FindConstant(node.inputs[2]);
    if (z == nullptr || z->shape.NumElements() != 1) return std::nullopt;
    zp = z->dtype == ir::DataType::kU8 ? z->data->data<uint8_t>()[0] : z->data->data<int8_t>()[0];
  }
  q.zero_points = {zp};
  return q;
}

ir::QuantizationRole RoleOf(const ir::Node* n) {
  return n == nullptr ? ir::QuantizationRole::kNone : ir::TraitsOf(n->op_type).quantization;
}

// Ops whose epilogue can write f32 instead of quantizing.
bool IsCompute(const ir::Node* n) {
  return RoleOf(n) == ir::QuantizationRole::kCompute || RoleOf(n) == ir::QuantizationRole::kOperandProduct;
}

bool OnlyUse(const ir::Graph& g, const std::string& t) { return g.NumUses(t) == 1 && !g.IsGraphOutput(t); }

// DQ -> Q: drop both, or make one Requantize. True when the graph changed.
bool SquashPair(ir::Graph& graph, const ir::Node& q) {
  const ir::Node* dq = graph.Producer(q.inputs[0]);
  if (RoleOf(dq) != ir::QuantizationRole::kDequantize) return false;
  const std::optional<ir::Quantization> dq_params = NodeQuantization(graph, *dq);
  const std::optional<ir::Quantization> q_params = NodeQuantization(graph, q);
  if (!dq_params || !q_params) return false;
  const std::string source = dq->inputs[0];
  const ir::TensorInfo& in = *graph.FindTensor(source);
  const ir::TensorInfo& out = *graph.FindTensor(q.outputs[0]);
  if (in.dtype == out.dtype && *dq_params == *q_params) {
    graph.ReplaceAllUses(q.outputs[0], source);
    graph.RemoveNode(&q);
    return true;
  }
  ir::Node requantize{graph.UniqueNodeName(q.name + "/requantize"),
                      "Requantize",
                      {source, dq->inputs[1], dq->inputs.size() > 2 ? dq->inputs[2] : "", q.inputs[1],
                       q.inputs.size() > 2 ? q.inputs[2] : ""},
                      {q.outputs[0]},
                      {}};
  if (requantize.inputs[2].empty() || requantize.inputs[4].empty()) return false;
  graph.RemoveNode(&q);
  graph.AddNode(std::move(requantize));
  return true;
}

// Requantize of a compute op's only output: the producer writes the new scale.
bool FoldRequantize(ir::Graph& graph, const ir::Node& r) {
  ir::Node* producer = graph.Producer(r.inputs[0]);
  if (!IsCompute(producer) || !OnlyUse(graph, r.inputs[0])) return false;
  ir::TensorInfo& out = *graph.FindTensor(r.outputs[0]);
  if (!out.quantization.has_value()) return false;
  producer->outputs[0] = r.outputs[0];
  graph.RemoveNode(&r);
  return true;
}

// A compute op whose only consumer dequantizes: it writes f32 itself.
bool WriteFloat(ir::Graph& graph, const ir::Node& dq) {
  ir::Node* producer = graph.Producer(dq.inputs[0]);
  // Through a view of the product (a transformer Gemm's unflattening
  // Reshape): the view then carries the f32 values.
  ir::Node* view = nullptr;
  if (producer != nullptr && ir::TraitsOf(producer->op_type).is_view && OnlyUse(graph, dq.inputs[0]) &&
      IsCompute(graph.Producer(producer->inputs[0]))) {
    view = producer;
    producer = graph.Producer(view->inputs[0]);
  }
  const std::string product = view != nullptr ? view->inputs[0] : dq.inputs[0];
  if (!IsCompute(producer) || !OnlyUse(graph, product) || ir::SumInputIndex(*producer) >= 0) return false;
  if (view == nullptr) {
    producer->outputs[0] = dq.outputs[0];
  } else {
    const std::string f32 = graph.UniqueTensorName(product + "/f32");
    graph.AddTensor(f32, ir::DataType::kF32, graph.FindTensor(product)->shape);
    producer->outputs[0] = f32;
    view->inputs[0] = f32;
    view->outputs[0] = dq.outputs[0];
  }
  graph.RemoveNode(&dq);
  return true;
}

}  // namespace

absl::Status SquashPass::Run(ir::Graph& graph) {
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& node : graph.nodes()) {
      switch (RoleOf(node.get())) {
        case ir::QuantizationRole::kQuantize:
          changed = SquashPair(graph, *node);
          break;
        case ir::QuantizationRole::kRequantize:
          changed = FoldRequantize(graph, *node);
          break;
        case ir::QuantizationRole::kDequantize:
          changed = WriteFloat(graph, *node);
          break;
        default:
          break;
      }
      if (changed) break;  // the node list changed under us
    }
    if (changed) MINT8_RETURN_IF_ERROR(graph.TopologicalSort());
  }
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

}  // namespace mint8::quantization
