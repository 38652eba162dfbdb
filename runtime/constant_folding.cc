#include "runtime/constant_folding.h"

#include <vector>

#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "runtime/reference_ops.h"

namespace mint8::runtime {
namespace {

bool Foldable(const ir::Graph& graph, const ir::Node& node) {
  if (ir::TraitsOf(node.op_type).reads_only_input_shape) {
    const ir::TensorInfo* in = graph.FindTensor(node.inputs[0]);
    return in != nullptr && in->shape.IsFullyKnown();
  }
  for (const std::string& in : node.inputs) {
    if (!in.empty() && graph.FindConstant(in) == nullptr) return false;
  }
  for (const std::string& out : node.outputs) {
    const ir::TensorInfo* t = out.empty() ? nullptr : graph.FindTensor(out);
    if (t != nullptr && !t->shape.IsFullyKnown()) return false;
  }
  return true;
}

absl::Status Fold(ir::Graph& graph, const ir::Node& node) {
  std::vector<ir::ConstTensorView> inputs;
  for (const std::string& name : node.inputs) {
    const ir::TensorInfo* t = name.empty() ? nullptr : graph.FindTensor(name);
    if (t == nullptr) {
      inputs.push_back({});
      continue;
    }
    inputs.push_back({t->dtype, t->shape.Sizes(), t->is_constant() ? t->data->data() : nullptr});
  }
  std::vector<std::shared_ptr<ir::Buffer>> buffers;
  std::vector<ir::MutableTensorView> outputs;
  for (const std::string& name : node.outputs) {
    const ir::TensorInfo& t = *graph.FindTensor(name);
    buffers.push_back(ir::Buffer::Allocate(t.shape.NumElements() * ir::DataTypeSize(t.dtype)));
    outputs.push_back({t.dtype, t.shape.Sizes(), buffers.back()->mutable_data<uint8_t>()});
  }
  MINT8_RETURN_IF_ERROR(RunReferenceNode(node, inputs, outputs));
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    graph.FindTensor(node.outputs[i])->data = buffers[i];
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ConstantFoldingPass::Run(ir::Graph& graph) {
  folded_ = 0;
  std::vector<const ir::Node*> done;
  for (const auto& node : graph.nodes()) {
    const ir::QuantizationRole role = ir::TraitsOf(node->op_type).quantization;
    if (!fold_quantization_ &&
        (role == ir::QuantizationRole::kQuantize || role == ir::QuantizationRole::kDequantize)) {
      continue;
    }
    if (!Foldable(graph, *node)) continue;
    MINT8_RETURN_IF_ERROR(Fold(graph, *node));
    done.push_back(node.get());
  }
  for (const ir::Node* n : done) graph.RemoveNode(n);
  folded_ = static_cast<int>(done.size());
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

}  // namespace mint8::runtime
