#include "ir/passes/batchnorm_folding.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"

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

// New bias: old bias (or 0) scaled and shifted; returns the new tensor name.
std::string FoldedBias(Graph& graph, const Node& op, int bias_input, const BnParams& p) {
  const size_t channels = p.scale.size();
  std::shared_ptr<Buffer> bias = Buffer::Allocate(channels * sizeof(float));
  float* b = bias->mutable_data<float>();
  const TensorInfo* old = op.has_input(bias_input) ? graph.FindConstant(op.inputs[bias_input]) : nullptr;
  for (size_t c = 0; c < channels; ++c) {
    const float b0 = old != nullptr ? old->data->data<float>()[old->shape.NumElements() == 1 ? 0 : c] : 0.f;
    b[c] = b0 * p.scale[c] + p.shift[c];
  }
  const std::string name = graph.UniqueTensorName(absl::StrCat(op.name, "/folded_bias"));
  graph.AddConstant(name, DataType::kF32, {static_cast<int64_t>(channels)}, bias);
  return name;
}

// Scales the weights along `axis`, the output channel's.
std::string ScaledWeights(Graph& graph, const Node& op, const TensorInfo& w, const BnParams& p, int axis) {
  const int64_t n = w.shape.NumElements();
  const int64_t channels = static_cast<int64_t>(p.scale.size());
  int64_t inner = 1;  // values per step along the axis
  for (int d = axis + 1; d < w.shape.rank(); ++d) inner *= w.shape.dim(d).size;
  std::shared_ptr<Buffer> out = Buffer::Allocate(n * sizeof(float));
  const float* src = w.data->data<float>();
  float* dst = out->mutable_data<float>();
  for (int64_t i = 0; i < n; ++i) dst[i] = src[i] * p.scale[(i / inner) % channels];
  const std::string name = graph.UniqueTensorName(absl::StrCat(op.name, "/folded_weights"));
  graph.AddConstant(name, DataType::kF32, w.shape.Sizes(), out);
  return name;
}

bool TryFold(Graph& graph, Node& bn) {
  Node* op = graph.Producer(bn.inputs[0]);
  if (op == nullptr || TraitsOf(op->op_type).weight_output_axis == nullptr) return false;
  if (graph.NumUses(bn.inputs[0]) != 1 || graph.IsGraphOutput(bn.inputs[0])) return false;
  if (op->attributes.Has("post_ops")) return false;
  const TensorInfo* w = graph.FindConstant(op->inputs[1]);
  if (w == nullptr || w->dtype != DataType::kF32) return false;
  BnParams p;
  if (!ReadBatchNorm(graph, bn, p)) return false;
  const int64_t channels = static_cast<int64_t>(p.scale.size());

  // Gemm's alpha and beta scale the product and the bias apart.
  if (op->attributes.GetFloat("alpha", 1.f) != 1.f || op->attributes.GetFloat("beta", 1.f) != 1.f)
    return false;
  const int axis = TraitsOf(op->op_type).weight_output_axis(*op);
  if (w->shape.rank() <= axis || w->shape.dim(axis).size != channels) return false;
  if (op->has_input(2)) {
    const TensorInfo* c = graph.FindConstant(op->inputs[2]);
    if (c == nullptr || (c->shape.NumElements() != channels && c->shape.NumElements() != 1)) return false;
  }
  const std::string weights = ScaledWeights(graph, *op, *w, p, axis);
  const std::string bias = FoldedBias(graph, *op, 2, p);
  op->inputs.resize(std::max<size_t>(op->inputs.size(), 3));
  op->inputs[1] = weights;
  op->inputs[2] = bias;
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
  std::vector<const Node*> replaced;
  for (const auto& node : graph.nodes()) {
    if (TraitsOf(node->op_type).folds_into_producer_weights && TryFold(graph, *node))
      replaced.push_back(node.get());
  }
  std::vector<Node*> unfolded;  // collected first: ReplaceByConv adds nodes
  for (const auto& node : graph.nodes()) {
    if (TraitsOf(node->op_type).folds_into_producer_weights &&
        std::find(replaced.begin(), replaced.end(), node.get()) == replaced.end()) {
      unfolded.push_back(node.get());
    }
  }
  for (Node* bn : unfolded) {
    if (ReplaceByConv(graph, *bn)) replaced.push_back(bn);
  }
  for (const Node* n : replaced) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return graph.TopologicalSort();
}

}  // namespace mint8::ir
