#include "quantization/passes/channel_equalization.h"

#include <algorithm>
#include <functional>
#include <optional>

#include "ir/op_schema.h"

namespace mint8::quantization {
namespace {

// Beyond this a channel is as good as dead; scaling it further only
// magnifies the consumer's weight error.
constexpr float kMaxFactor = 64.f;

// A constant f32 input of `node` that no other node reads (so rewriting it
// changes nothing else), or null.
const ir::TensorInfo* OwnF32Constant(const ir::Graph& graph, const ir::Node& node, int input) {
  if (!node.has_input(input)) return nullptr;
  const ir::TensorInfo* t = graph.FindConstant(node.inputs[input]);
  if (t == nullptr || t->dtype != ir::DataType::kF32 || graph.NumUses(node.inputs[input]) != 1)
    return nullptr;
  return t;
}

// Whether every post-op of `node` commutes with a positive per-channel scale
// (Clip(0, hi) does up to the channel's range, see the header).
bool PostOpsCommuteWithScale(const ir::Node& node) {
  std::vector<ir::PostOp> post_ops;
  if (!ir::ParsePostOps(node, post_ops).ok()) return false;
  return std::all_of(post_ops.begin(), post_ops.end(), [](const ir::PostOp& op) {
    return op.kind == ir::PostOpKind::kRelu || op.kind == ir::PostOpKind::kLeakyRelu ||
           (op.kind == ir::PostOpKind::kClip && op.alpha == 0.f && op.beta > 0.f);
  });
}

// The depthwise convolutions reading `tensor` (`channels` wide) as their
// data input, or nothing when any reader is something else or cannot be
// rewritten.
std::optional<std::vector<const ir::Node*>> DepthwiseConsumers(const ir::Graph& graph,
                                                               const std::string& tensor, int64_t channels) {
  if (graph.IsGraphOutput(tensor)) return std::nullopt;
  std::vector<const ir::Node*> consumers;
  for (const auto& node : graph.nodes()) {
    const int64_t reads = std::count(node->inputs.begin(), node->inputs.end(), tensor);
    if (reads == 0) continue;
    if (node->op_type != "Conv" || reads != 1 || node->inputs[0] != tensor) return std::nullopt;
    const ir::TensorInfo* w = OwnF32Constant(graph, *node, 1);
    if (w == nullptr || w->shape.rank() < 3 || !w->shape.IsFullyKnown()) return std::nullopt;
    if (node->attributes.GetInt("group", 1) != channels || w->shape.dim(1).size != 1) return std::nullopt;
    consumers.push_back(node.get());
  }
  if (consumers.empty()) return std::nullopt;
  return consumers;
}

// The consumers of `producer`'s output when the pair can be equalized.
std::optional<std::vector<const ir::Node*>> EqualizableConsumers(const ir::Graph& graph,
                                                                 const ir::Node& producer) {
  if (producer.op_type != "Conv" || !PostOpsCommuteWithScale(producer)) return std::nullopt;
  const ir::TensorInfo* w = OwnF32Constant(graph, producer, 1);
  if (w == nullptr || w->shape.rank() < 3 || !w->shape.IsFullyKnown()) return std::nullopt;
  const int64_t channels = w->shape.dim(0).size;
  if (channels < 2) return std::nullopt;
  if (producer.has_input(2)) {
    const ir::TensorInfo* b = OwnF32Constant(graph, producer, 2);
    if (b == nullptr || !b->shape.IsFullyKnown() || b->shape.NumElements() != channels) return std::nullopt;
  }
  return DepthwiseConsumers(graph, producer.outputs[0], channels);
}

// Each channel up to the largest channel range (a dead channel stays).
std::vector<float> Factors(const std::vector<float>& ranges) {
  const float largest = *std::max_element(ranges.begin(), ranges.end());
  std::vector<float> factors(ranges.size(), 1.f);
  for (size_t c = 0; c < ranges.size(); ++c) {
    if (ranges[c] > 0.f) factors[c] = std::clamp(largest / ranges[c], 1.f, kMaxFactor);
  }
  return factors;
}

std::string ScaledCopy(ir::Graph& graph, const ir::TensorInfo& t, const std::string& name,
                       const std::function<float(int64_t index)>& factor) {
  const auto src = t.data->span<float>();
  auto buffer = ir::Buffer::Copy(src.data(), src.size() * sizeof(float));
  float* dst = buffer->mutable_data<float>();
  for (size_t i = 0; i < src.size(); ++i) dst[i] *= factor(static_cast<int64_t>(i));
  const std::string unique = graph.UniqueTensorName(name);
  graph.AddConstant(unique, ir::DataType::kF32, t.shape.Sizes(), std::move(buffer));
  return unique;
}

void Apply(ir::Graph& graph, ir::Node& producer, const std::vector<const ir::Node*>& consumers,
           const std::vector<float>& factors) {
  const int64_t channels = static_cast<int64_t>(factors.size());
  const ir::TensorInfo& w = *graph.FindConstant(producer.inputs[1]);
  const int64_t per_channel = w.shape.NumElements() / channels;
  producer.inputs[1] = ScaledCopy(graph, w, producer.name + "/equalized_weights",
                                  [&](int64_t i) { return factors[i / per_channel]; });
  if (producer.has_input(2)) {
    producer.inputs[2] = ScaledCopy(graph, *graph.FindConstant(producer.inputs[2]),
                                    producer.name + "/equalized_bias", [&](int64_t i) { return factors[i]; });
  }
  for (const ir::Node* consumer : consumers) {
    ir::Node& node = *graph.FindNode(consumer->name);
    const ir::TensorInfo& cw = *graph.FindConstant(node.inputs[1]);
    // [channels * multiplier, 1, kh, kw]: output row o reads channel o / multiplier.
    const int64_t per_input_channel = cw.shape.NumElements() / channels;
    node.inputs[1] = ScaledCopy(graph, cw, node.name + "/equalized_weights",
                                [&](int64_t i) { return 1.f / factors[i / per_input_channel]; });
  }
  graph.RemoveUnusedTensors();
}

}  // namespace

std::vector<std::string> EqualizationCandidates(const ir::Graph& graph) {
  std::vector<std::string> tensors;
  for (const auto& node : graph.nodes()) {
    if (EqualizableConsumers(graph, *node).has_value()) tensors.push_back(node->outputs[0]);
  }
  return tensors;
}

std::vector<EqualizedTensor> EqualizeChannels(ir::Graph& graph, const StatisticsMap& stats) {
  std::vector<ir::Node*> convs;
  for (const auto& node : graph.nodes()) {
    if (node->op_type == "Conv") convs.push_back(node.get());
  }
  std::vector<EqualizedTensor> equalized;
  for (ir::Node* producer : convs) {
    const auto found = stats.find(producer->outputs[0]);
    if (found == stats.end()) continue;
    const auto consumers = EqualizableConsumers(graph, *producer);
    const std::vector<float>& ranges = found->second.channel_abs_max();
    if (!consumers.has_value() ||
        ranges.size() != graph.FindConstant(producer->inputs[1])->shape.dim(0).size) {
      continue;
    }
    const std::vector<float> factors = Factors(ranges);
    EqualizedTensor e{producer->outputs[0], static_cast<int>(factors.size()), 0, 1.f};
    for (float f : factors) {
      e.scaled += f > 1.f;
      e.largest_factor = std::max(e.largest_factor, f);
    }
    if (e.scaled == 0) continue;
    Apply(graph, *producer, *consumers, factors);
    equalized.push_back(e);
  }
  return equalized;
}

}  // namespace mint8::quantization
