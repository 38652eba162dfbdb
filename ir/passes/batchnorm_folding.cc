#include "ir/passes/batchnorm_folding.h"

#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/passes/weight_folding.h"

namespace mint8::ir {
namespace {

struct BnParams {
  std::vector<float> scale, shift;  // y = x * scale + shift
};

// The per-channel affine form of `bn`, or false when its parameters are not
// constant.
bool ReadBatchNorm(const Graph& graph, const Node& bn, BnParams& p) {
  const TensorInfo* t[4];
  for (int i = 0; i < 4; ++i) {
    t[i] = graph.FindConstant(bn.inputs[i + 1]);
    if (t[i] == nullptr || t[i]->dtype != DataType::kF32) return false;
  }
  const float eps = bn.attributes.GetFloat("epsilon", 1e-5f);
  const auto gamma = t[0]->data->span<float>(), beta = t[1]->data->span<float>(),
             mean = t[2]->data->span<float>(), var = t[3]->data->span<float>();
  p.scale.resize(gamma.size());
  p.shift.resize(gamma.size());
  for (size_t c = 0; c < gamma.size(); ++c) {
    p.scale[c] = gamma[c] / std::sqrt(var[c] + eps);
    p.shift[c] = beta[c] - mean[c] * p.scale[c];
  }
  return true;
}

bool TryFold(Graph& graph, Node& bn) {
  Node* op = graph.Producer(bn.inputs[0]);
  if (op == nullptr || graph.NumUses(bn.inputs[0]) != 1 || graph.IsGraphOutput(bn.inputs[0])) return false;
  BnParams p;
  if (!ReadBatchNorm(graph, bn, p) || !FoldChannelAffine(graph, *op, p.scale, p.shift)) return false;
  // The op now writes the BatchNorm's output directly.
  op->outputs[0] = bn.outputs[0];
  return true;
}

// `bn` of a 4-D tensor as a depthwise 1x1 Conv with weights `scale` and
// bias `shift`, or false when its shape or parameters are not known.
bool ReplaceByConv(Graph& graph, Node& bn) {
  const TensorInfo* x = graph.FindTensor(bn.inputs[0]);
  BnParams p;
  if (x == nullptr || !x->shape.IsFullyKnown() || x->shape.rank() != 4 || !ReadBatchNorm(graph, bn, p)) {
    return false;
  }
  const int64_t channels = static_cast<int64_t>(p.scale.size());
  if (x->shape.dim(1).size != channels) return false;
  const std::string weights = graph.UniqueTensorName(bn.name + "/scale_as_weights");
  graph.AddConstant(weights, DataType::kF32, {channels, 1, 1, 1},
                    Buffer::Copy(p.scale.data(), p.scale.size() * sizeof(float)));
  const std::string bias = graph.UniqueTensorName(bn.name + "/shift_as_bias");
  graph.AddConstant(bias, DataType::kF32, {channels},
                    Buffer::Copy(p.shift.data(), p.shift.size() * sizeof(float)));
  Attributes attributes;
  attributes.Set("kernel_shape", std::vector<int64_t>{1, 1});
  attributes.Set("group", channels);
  graph.AddNode(Node{graph.UniqueNodeName(bn.name + "/as_conv"),
                     "Conv",
                     {bn.inputs[0], weights, bias},
                     {bn.outputs[0]},
                     std::move(attributes)});
  return true;
}

}  // namespace

absl::Status BatchNormFoldingPass::Run(Graph& graph) {
  std::vector<Node*> batch_norms;  // collected first: ReplaceByConv adds nodes
  for (const auto& node : graph.nodes()) {
    if (TraitsOf(node->op_type).folds_into_producer_weights) batch_norms.push_back(node.get());
  }
  // Each one goes as soon as it is replaced, so the next finds its new
  // producer (a BatchNorm after a replaced one folds into its conv).
  for (Node* bn : batch_norms) {
    if (TryFold(graph, *bn) || ReplaceByConv(graph, *bn)) graph.RemoveNode(bn);
  }
  graph.RemoveUnusedTensors();
  return graph.TopologicalSort();
}

}  // namespace mint8::ir
