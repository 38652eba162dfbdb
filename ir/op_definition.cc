#include "ir/op_definition.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace mint8::ir {
namespace {

constexpr std::pair<PostOpKind, absl::string_view> kPostOpNames[] = {
    {PostOpKind::kRelu, "relu"},
    {PostOpKind::kClip, "clip"},
    {PostOpKind::kLeakyRelu, "leaky_relu"},
    {PostOpKind::kSigmoid, "sigmoid"},
    {PostOpKind::kHardSigmoid, "hard_sigmoid"},
    {PostOpKind::kHardSwish, "hard_swish"},
    {PostOpKind::kGelu, "gelu"},
    {PostOpKind::kSilu, "silu"},
    {PostOpKind::kLinear, "linear"},
    {PostOpKind::kTanh, "tanh"},
    {PostOpKind::kSum, "sum"},
    {PostOpKind::kFakeQuantU8, "fake_quant_u8"},
    {PostOpKind::kFakeQuantS8, "fake_quant_s8"},
};

const TensorInfo& MissingInput() {
  static const TensorInfo* const missing = new TensorInfo();
  return *missing;
}

}  // namespace

absl::string_view PostOpName(PostOpKind kind) {
  for (const auto& [k, name] : kPostOpNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

absl::Status ParsePostOps(const Node& node, std::vector<PostOp>& post_ops) {
  post_ops.clear();
  const std::vector<std::string> names = node.attributes.GetStrings("post_ops");
  const std::vector<float> alpha = node.attributes.GetFloats("post_op_alpha");
  const std::vector<float> beta = node.attributes.GetFloats("post_op_beta");
  if (alpha.size() != names.size() || beta.size() != names.size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        node.op_type, " node '", node.name, "': post_ops, post_op_alpha and post_op_beta differ in length"));
  }
  for (size_t i = 0; i < names.size(); ++i) {
    bool found = false;
    for (const auto& [kind, name] : kPostOpNames) {
      if (name == names[i]) {
        post_ops.push_back(PostOp{kind, alpha[i], beta[i]});
        found = true;
      }
    }
    if (!found) {
      return absl::InvalidArgumentError(
          absl::StrCat(node.op_type, " node '", node.name, "': unknown post-op '", names[i], "'"));
    }
  }
  return absl::OkStatus();
}

void AppendPostOp(Node& node, const PostOp& post_op) {
  std::vector<std::string> names = node.attributes.GetStrings("post_ops");
  std::vector<float> alpha = node.attributes.GetFloats("post_op_alpha");
  std::vector<float> beta = node.attributes.GetFloats("post_op_beta");
  names.push_back(std::string(PostOpName(post_op.kind)));
  alpha.push_back(post_op.alpha);
  beta.push_back(post_op.beta);
  node.attributes.Set("post_ops", names);
  node.attributes.Set("post_op_alpha", alpha);
  node.attributes.Set("post_op_beta", beta);
}

int SumInputIndex(const Node& node) {
  const std::vector<std::string> names = node.attributes.GetStrings("post_ops");
  if (std::find(names.begin(), names.end(), "sum") == names.end()) return -1;
  // The residual is the extra input after the op's regular ones: its last.
  auto schema = OpRegistry().find(node.op_type);
  return schema == OpRegistry().end() ? -1 : schema->second.max_inputs - 1;
}

InferenceContext::InferenceContext(const Graph& graph, const Node& node) : graph_(graph), node_(node) {
  for (const std::string& name : node.inputs) {
    const TensorInfo* t = name.empty() ? nullptr : graph.FindTensor(name);
    inputs_.push_back(t != nullptr ? t : &MissingInput());
  }
  outputs_.resize(node.outputs.size(), Output{DataType::kUnknown, Shape()});
}

bool InferenceContext::AllInputShapesKnown() const {
  for (int i = 0; i < num_inputs(); ++i) {
    if (has_input(i) && !inputs_[i]->shape.IsFullyKnown()) return false;
  }
  return true;
}

std::optional<std::vector<int64_t>> InferenceContext::ConstantInts(int i) const {
  if (!has_input(i) || !inputs_[i]->is_constant()) return std::nullopt;
  const TensorInfo& t = *inputs_[i];
  if (t.dtype == DataType::kS64) {
    auto s = t.data->span<int64_t>();
    return std::vector<int64_t>(s.begin(), s.end());
  }
  if (t.dtype == DataType::kS32) {
    auto s = t.data->span<int32_t>();
    return std::vector<int64_t>(s.begin(), s.end());
  }
  if (t.dtype == DataType::kBool) {
    auto s = t.data->span<uint8_t>();
    return std::vector<int64_t>(s.begin(), s.end());
  }
  return std::nullopt;
}

std::optional<std::vector<float>> InferenceContext::ConstantFloats(int i) const {
  if (!has_input(i) || !inputs_[i]->is_constant() || inputs_[i]->dtype != DataType::kF32) {
    return std::nullopt;
  }
  auto s = inputs_[i]->data->span<float>();
  return std::vector<float>(s.begin(), s.end());
}

DataType InferenceContext::existing_output_dtype(int i) const {
  const TensorInfo* t = graph_.FindTensor(node_.outputs[i]);
  return t == nullptr ? DataType::kUnknown : t->dtype;
}

void InferenceContext::SetOutput(int i, DataType dtype, Shape shape) {
  outputs_[i] = Output{dtype, std::move(shape)};
}

void InferenceContext::SetOutputsUnknown(DataType dtype) {
  for (Output& o : outputs_) o = Output{dtype, Shape()};
}

absl::Status InferenceContext::Error(absl::string_view message) const {
  return absl::InvalidArgumentError(absl::StrCat(node_.op_type, " node '", node_.name, "': ", message));
}

const AttributeSpec* OpSchema::FindAttribute(absl::string_view name) const {
  for (const AttributeSpec& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

namespace {

std::map<std::string, OpSchema, std::less<>>& MutableOpRegistry() {
  static auto* const registry = new std::map<std::string, OpSchema, std::less<>>();
  return *registry;
}

}  // namespace

bool RegisterOpSchema(OpSchema schema) {
  const std::string type = schema.op_type;
  if (!MutableOpRegistry().emplace(type, std::move(schema)).second) {
    std::fprintf(stderr, "mint8: operator %s is defined twice\n", type.c_str());
    std::abort();
  }
  return true;
}

const std::map<std::string, OpSchema, std::less<>>& OpRegistry() { return MutableOpRegistry(); }

}  // namespace mint8::ir
