#include "ir/passes/fusion_passes.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <optional>
#include <set>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/op_geometry.h"
#include "ir/op_schema.h"
#include "ir/passes/weight_folding.h"

namespace mint8::ir {
namespace {

// The single float value of constant `name`, if it is one.
// The value of a one-element f32, u8 or s8 constant.
std::optional<float> ScalarConstant(const Graph& graph, const std::string& name) {
  const TensorInfo* t = graph.FindConstant(name);
  if (t == nullptr || t->shape.NumElements() != 1) return std::nullopt;
  switch (t->dtype) {
    case DataType::kF32:
      return t->data->data<float>()[0];
    case DataType::kU8:
      return t->data->data<uint8_t>()[0];
    case DataType::kS8:
      return t->data->data<int8_t>()[0];
    default:
      return std::nullopt;
  }
}

bool Near(float a, float b) { return std::fabs(a - b) <= 1e-5f * std::max(1.f, std::fabs(b)); }

// The tensor only `user` reads (and that is no graph output).
bool OnlyFeeds(const Graph& graph, const std::string& tensor) {
  return graph.NumUses(tensor) == 1 && !graph.IsGraphOutput(tensor);
}

// The operand of binary `node` that is not `known`, or "" if neither matches.
std::string OtherOperand(const Node& node, const std::string& known) {
  if (node.inputs[0] == known) return node.inputs[1];
  if (node.inputs[1] == known) return node.inputs[0];
  return "";
}

BinaryArithmetic ArithmeticOf(const Node* node) {
  return node == nullptr ? BinaryArithmetic::kNone : TraitsOf(node->op_type).arithmetic;
}

// The activation `node` computes, if it is one.
std::optional<PostOp> ActivationOf(const Node& node) {
  const OpTraits& traits = TraitsOf(node.op_type);
  return traits.activation != nullptr ? traits.activation(node.attributes) : std::nullopt;
}

// Matches Mul(x, Clip(Add(x, 3), 0, 6)) or Mul(x, HardSigmoid(x)) at `mul`;
// returns x and the nodes of the pattern.
bool MatchSwishProduct(Graph& graph, Node& mul, std::string& x, std::vector<Node*>& nodes) {
  for (int side = 0; side < 2; ++side) {
    Node* gate = graph.Producer(mul.inputs[1 - side]);
    const std::string candidate = mul.inputs[side];
    if (gate == nullptr || !OnlyFeeds(graph, gate->outputs[0])) continue;
    const std::optional<PostOp> activation = ActivationOf(*gate);
    if (!activation) continue;
    if (activation->kind == PostOpKind::kHardSigmoid && gate->inputs[0] == candidate &&
        Near(activation->alpha, 1.f / 6) && Near(activation->beta, 0.5f)) {
      x = candidate;
      nodes = {gate};
      return true;
    }
    if (activation->kind != PostOpKind::kClip || activation->alpha != 0.f || activation->beta != 6.f)
      continue;
    Node* add = graph.Producer(gate->inputs[0]);
    if (ArithmeticOf(add) != BinaryArithmetic::kAdd || !OnlyFeeds(graph, add->outputs[0])) continue;
    const std::string three = OtherOperand(*add, candidate);
    std::optional<float> v = three.empty() ? std::nullopt : ScalarConstant(graph, three);
    if (!v || *v != 3.f) continue;
    x = candidate;
    nodes = {add, gate};
    return true;
  }
  return false;
}

struct Rewrite {
  std::vector<const Node*> remove;
  std::optional<Node> add;
};

absl::Status ApplyRewrites(Graph& graph, std::vector<Rewrite>& rewrites) {
  for (Rewrite& r : rewrites) {
    for (const Node* n : r.remove) graph.RemoveNode(n);
    graph.AddNode(std::move(*r.add));
  }
  graph.RemoveUnusedTensors();
  return graph.TopologicalSort();
}

}  // namespace

absl::Status HardSwishPatternPass::Run(Graph& graph) {
  std::vector<Rewrite> rewrites;
  std::set<const Node*> claimed;
  for (const auto& node : graph.nodes()) {
    if (ArithmeticOf(node.get()) != BinaryArithmetic::kMul || claimed.count(node.get())) continue;
    std::string x;
    std::vector<Node*> parts;
    if (!MatchSwishProduct(graph, *node, x, parts)) continue;
    // x * gate, optionally followed by / 6 or * (1/6) when the gate is a Clip.
    const Node* last = node.get();
    if (ActivationOf(*parts.back())->kind == PostOpKind::kClip) {
      if (!OnlyFeeds(graph, node->outputs[0])) continue;
      const std::vector<Node*> users = graph.Consumers(node->outputs[0]);
      Node* scale = users.size() == 1 ? users[0] : nullptr;
      if (scale == nullptr || scale->inputs[0] != node->outputs[0]) continue;
      std::optional<float> v = ScalarConstant(graph, scale->inputs[1]);
      const BinaryArithmetic arithmetic = ArithmeticOf(scale);
      if (!v || !((arithmetic == BinaryArithmetic::kDiv && *v == 6.f) ||
                  (arithmetic == BinaryArithmetic::kMul && Near(*v, 1.f / 6)))) {
        continue;
      }
      last = scale;
    }
    Rewrite r;
    for (Node* p : parts) r.remove.push_back(p);
    r.remove.push_back(node.get());
    if (last != node.get()) r.remove.push_back(last);
    for (const Node* n : r.remove) claimed.insert(n);
    r.add = Node{graph.UniqueNodeName(absl::StrCat(last->name, "/hardswish")),
                 "HardSwish",
                 {x},
                 {last->outputs[0]},
                 {}};
    rewrites.push_back(std::move(r));
  }
  return ApplyRewrites(graph, rewrites);
}

namespace {

// The producer of `tensor` if it has arithmetic `a`, feeds only its reader,
// and has a scalar constant operand equal to `value`; its other operand goes
// to `other`.
Node* ScalarArithmetic(Graph& graph, const std::string& tensor, BinaryArithmetic a, float value,
                       std::string& other) {
  Node* node = graph.Producer(tensor);
  if (ArithmeticOf(node) != a || !OnlyFeeds(graph, tensor)) return nullptr;
  for (int side = 0; side < 2; ++side) {
    // Div is not commutative: its constant must be the divisor.
    if (a == BinaryArithmetic::kDiv && side == 0) continue;
    std::optional<float> v = ScalarConstant(graph, node->inputs[side]);
    if (v && Near(*v, value)) {
      other = node->inputs[1 - side];
      return node;
    }
  }
  return nullptr;
}

}  // namespace

absl::Status GeluPatternPass::Run(Graph& graph) {
  std::vector<Rewrite> rewrites;
  std::set<const Node*> claimed;
  for (const auto& node : graph.nodes()) {
    // The outer Mul by 0.5, around Mul(x, gate).
    if (ArithmeticOf(node.get()) != BinaryArithmetic::kMul || claimed.count(node.get())) continue;
    std::string product;
    std::optional<float> half;
    for (int side = 0; side < 2 && product.empty(); ++side) {
      half = ScalarConstant(graph, node->inputs[side]);
      if (half && Near(*half, 0.5f)) product = node->inputs[1 - side];
    }
    Node* mul = product.empty() ? nullptr : graph.Producer(product);
    if (ArithmeticOf(mul) != BinaryArithmetic::kMul || !OnlyFeeds(graph, product)) continue;
    for (int side = 0; side < 2; ++side) {
      const std::string x = mul->inputs[side];
      std::string erf_out, scaled, x_again;
      Node* add = ScalarArithmetic(graph, mul->inputs[1 - side], BinaryArithmetic::kAdd, 1.f, erf_out);
      Node* erf = add == nullptr ? nullptr : graph.Producer(erf_out);
      if (erf == nullptr || TraitsOf(erf->op_type).math != MathFunction::kErf || !OnlyFeeds(graph, erf_out)) {
        continue;
      }
      Node* div = ScalarArithmetic(graph, erf->inputs[0], BinaryArithmetic::kDiv, 1.41421356f, x_again);
      if (div == nullptr || x_again != x) continue;
      Rewrite r;
      r.remove = {div, erf, add, mul, node.get()};
      for (const Node* n : r.remove) claimed.insert(n);
      r.add =
          Node{graph.UniqueNodeName(absl::StrCat(node->name, "/gelu")), "Gelu", {x}, {node->outputs[0]}, {}};
      rewrites.push_back(std::move(r));
      break;
    }
  }
  return ApplyRewrites(graph, rewrites);
}

absl::Status SiluPatternPass::Run(Graph& graph) {
  std::vector<Rewrite> rewrites;
  for (const auto& node : graph.nodes()) {
    if (ArithmeticOf(node.get()) != BinaryArithmetic::kMul) continue;
    for (int side = 0; side < 2; ++side) {
      const std::string& x = node->inputs[side];
      Node* gate = graph.Producer(node->inputs[1 - side]);
      if (gate == nullptr || gate->inputs[0] != x || !OnlyFeeds(graph, gate->outputs[0])) continue;
      const std::optional<PostOp> activation = ActivationOf(*gate);
      if (!activation || activation->kind != PostOpKind::kSigmoid) continue;
      Rewrite r;
      r.remove = {gate, node.get()};
      r.add =
          Node{graph.UniqueNodeName(absl::StrCat(node->name, "/silu")), "Silu", {x}, {node->outputs[0]}, {}};
      rewrites.push_back(std::move(r));
      break;
    }
  }
  return ApplyRewrites(graph, rewrites);
}

namespace {

// The dims of `tensor` when known.
std::optional<Dims> DimsOf(const Graph& graph, const std::string& tensor) {
  const TensorInfo* t = graph.FindTensor(tensor);
  if (t == nullptr || !t->shape.IsFullyKnown()) return std::nullopt;
  return t->shape.Sizes();
}

// The groups g when reshape `first` splits axis 1 of [N, C, rest...] into
// [N, g, C / g, rest...] and `transpose` swaps the two; 0 otherwise.
int64_t ShuffleGroups(const Graph& graph, const Node& first, const Node& transpose) {
  const std::optional<Dims> x = DimsOf(graph, first.inputs[0]), grouped = DimsOf(graph, first.outputs[0]);
  if (!x || !grouped || x->size() < 2 || grouped->size() != x->size() + 1) return 0;
  const Dims& in = *x;
  const Dims& g = *grouped;
  if (g[0] != in[0] || g[1] * g[2] != in[1] || !std::equal(in.begin() + 2, in.end(), g.begin() + 3)) return 0;
  std::vector<int64_t> want(g.size());
  std::iota(want.begin(), want.end(), 0);
  std::swap(want[1], want[2]);
  return transpose.attributes.GetInts("perm") == want ? g[1] : 0;
}

// Whether `m` holds one value per channel (axis 1) of `x`: [1, C, 1, ...].
bool PerChannel(const Graph& graph, const std::string& x, const std::string& m) {
  const std::optional<Dims> xd = DimsOf(graph, x), md = DimsOf(graph, m);
  if (!xd || !md || xd->size() < 2 || md->size() != xd->size() || (*md)[1] != (*xd)[1]) return false;
  for (size_t i = 0; i < md->size(); ++i) {
    if (i != 1 && (*md)[i] != 1) return false;
  }
  return true;
}

}  // namespace

absl::Status SelfGatedResidualPass::Run(Graph& graph) {
  struct Match {
    const Node* add;
    const Node* mul;
    std::string x, gate;
  };
  std::vector<Match> matches;
  for (const auto& node : graph.nodes()) {
    if (ArithmeticOf(node.get()) != BinaryArithmetic::kAdd || node->attributes.Has("post_ops")) continue;
    for (int side = 0; side < 2; ++side) {
      const std::string& x = node->inputs[side];
      const Node* mul = graph.Producer(node->inputs[1 - side]);
      if (ArithmeticOf(mul) != BinaryArithmetic::kMul || mul->attributes.Has("post_ops") ||
          !OnlyFeeds(graph, mul->outputs[0])) {
        continue;
      }
      const std::string gate = OtherOperand(*mul, x);
      const TensorInfo* xt = graph.FindTensor(x);
      if (gate.empty() || gate == x || xt == nullptr || xt->dtype != DataType::kF32 ||
          DimsOf(graph, x) != DimsOf(graph, node->outputs[0]) || !PerChannel(graph, x, gate)) {
        continue;
      }
      matches.push_back({node.get(), mul, x, gate});
      break;
    }
  }
  for (const Match& m : matches) {
    const std::string one = graph.UniqueTensorName(m.add->name + "/one");
    const float value = 1.f;
    graph.AddConstant(one, DataType::kF32, {}, Buffer::Copy(&value, sizeof(value)));
    const std::string scale = graph.UniqueTensorName(m.gate + "/plus_one");
    graph.AddTensor(scale, DataType::kF32, graph.FindTensor(m.gate)->shape);
    graph.AddNode(
        Node{graph.UniqueNodeName(m.add->name + "/gate_plus_one"), "Add", {m.gate, one}, {scale}, {}});
    graph.AddNode(
        Node{graph.UniqueNodeName(m.add->name + "/gated"), "Mul", {m.x, scale}, m.add->outputs, {}});
    graph.RemoveNode(m.mul);
    graph.RemoveNode(m.add);
  }
  graph.RemoveUnusedTensors();
  return graph.TopologicalSort();
}

absl::Status ScaledQuantizePass::Run(Graph& graph) {
  std::vector<Rewrite> rewrites;
  for (const auto& node : graph.nodes()) {
    if (node->op_type != "QuantizeLinear" || node->attributes.Has("axis")) continue;
    const TensorInfo* scale = graph.FindConstant(node->inputs[1]);
    Node* mul = graph.Producer(node->inputs[0]);
    if (scale == nullptr || scale->shape.NumElements() != 1 || ArithmeticOf(mul) != BinaryArithmetic::kMul ||
        !OnlyFeeds(graph, mul->outputs[0]) || graph.FindTensor(mul->outputs[0])->dtype != DataType::kF32) {
      continue;
    }
    std::vector<PostOp> post_ops;
    if (!ParsePostOps(*mul, post_ops).ok() || !post_ops.empty()) continue;
    for (int side = 0; side < 2; ++side) {
      const std::string& x = mul->inputs[side];
      const std::string& m = mul->inputs[1 - side];
      // (A Mul's operands have its output's type.)
      if (DimsOf(graph, x) != DimsOf(graph, mul->outputs[0]) || !PerChannel(graph, x, m)) continue;
      Rewrite r;
      r.remove = {mul, node.get()};
      // QuantizeLinear's default zero point (u8 0) made explicit, so that the
      // multiplier can follow it.
      std::string zero_point = node->has_input(2) ? node->inputs[2] : "";
      if (zero_point.empty()) {
        zero_point = graph.UniqueTensorName(absl::StrCat(node->name, "/zero_point"));
        const uint8_t zero = 0;
        graph.AddConstant(zero_point, DataType::kU8, {}, Buffer::Copy(&zero, 1));
      }
      const std::vector<std::string> inputs = {x, node->inputs[1], zero_point, m};
      r.add = Node{graph.UniqueNodeName(absl::StrCat(node->name, "/scaled")),
                   "ScaledQuantizeLinear",
                   inputs,
                   {node->outputs[0]},
                   {}};
      rewrites.push_back(std::move(r));
      break;
    }
  }
  return ApplyRewrites(graph, rewrites);
}

namespace {

// The Concat whose copy `conv` (an INT8 depthwise 1x1 Conv at stride 1, no
// residual sum) could read in place, or null.
const Node* ConcatFeedingPointwiseDepthwise(const Graph& graph, const Node& conv) {
  const TensorInfo* x = graph.FindTensor(conv.inputs[0]);
  const TensorInfo* w = graph.FindConstant(conv.inputs[1]);
  const Node* concat = graph.Producer(conv.inputs[0]);
  if (x == nullptr || w == nullptr || concat == nullptr || concat->op_type != "Concat" ||
      !OnlyFeeds(graph, conv.inputs[0]) || !IsInt8(x->dtype) || !x->quantization.has_value() ||
      w->dtype != DataType::kS8 || !x->shape.IsFullyKnown() || x->shape.rank() != 4 ||
      SumInputIndex(conv) >= 0) {
    return nullptr;
  }
  if ((concat->attributes.GetInt("axis", 0) + 4) % 4 != 1) return nullptr;
  // What mint8's depthwise kernel computes (the op has no oneDNN form): an
  // INT8 output, an s32 bias, clamp-type activations or one HardSwish/SiLU.
  const TensorInfo* y = graph.FindTensor(conv.outputs[0]);
  const TensorInfo* b = conv.has_input(2) ? graph.FindConstant(conv.inputs[2]) : nullptr;
  std::vector<PostOp> post_ops;
  if (y == nullptr || !IsInt8(y->dtype) || !y->quantization.has_value() ||
      (conv.has_input(2) && (b == nullptr || b->dtype != DataType::kS32)) ||
      !ParsePostOps(conv, post_ops).ok()) {
    return nullptr;
  }
  const auto clamp_type = [](const PostOp& op) {
    return op.kind == PostOpKind::kRelu || op.kind == PostOpKind::kClip;
  };
  const bool real_domain = post_ops.size() == 1 && (post_ops[0].kind == PostOpKind::kHardSwish ||
                                                    post_ops[0].kind == PostOpKind::kSilu);
  if (!real_domain && !std::all_of(post_ops.begin(), post_ops.end(), clamp_type)) return nullptr;
  auto g = ResolveConvGeometry(conv, x->shape.Sizes(), w->shape.Sizes());
  if (!g.ok() || !g->depthwise() || g->window.kernel_h != 1 || g->window.kernel_w != 1 ||
      g->window.stride_h != 1 || g->window.stride_w != 1 || g->window.pad_top != 0 ||
      g->window.pad_left != 0 || g->window.out_h != g->window.in_h || g->window.out_w != g->window.in_w) {
    return nullptr;
  }
  for (const std::string& part : concat->inputs) {
    const TensorInfo* t = graph.FindTensor(part);
    if (t == nullptr || t->is_constant() || t->dtype != x->dtype || t->quantization != x->quantization)
      return nullptr;
  }
  return concat;
}

bool AllZero(const std::vector<int64_t>& v) {
  return std::all_of(v.begin(), v.end(), [](int64_t x) { return x == 0; });
}

bool AllOne(const std::vector<int64_t>& v) {
  return std::all_of(v.begin(), v.end(), [](int64_t x) { return x == 1; });
}

bool NoAutoPad(const Node& node) {
  const std::string auto_pad = node.attributes.GetString("auto_pad", "NOTSET");
  return auto_pad == "NOTSET" || auto_pad == "VALID";
}

// An AveragePool over windows of at least two pixels that never reach
// padding, on an FP32 4-D map.
bool PoolsWithoutPadding(const Graph& graph, const Node& pool) {
  const Attributes& a = pool.attributes;
  const std::vector<int64_t> kernel = a.GetInts("kernel_shape", {});
  const TensorInfo* x = graph.FindTensor(pool.inputs[0]);
  return pool.op_type == "AveragePool" && kernel.size() == 2 && kernel[0] * kernel[1] >= 2 &&
         AllZero(a.GetInts("pads", {0, 0, 0, 0})) && AllOne(a.GetInts("dilations", {1, 1})) &&
         a.GetInt("ceil_mode", 0) == 0 && NoAutoPad(pool) && x != nullptr && x->dtype == DataType::kF32 &&
         x->shape.IsFullyKnown() && x->shape.rank() == 4;
}

// An FP32 Conv computing each output pixel from its input pixel alone,
// linearly (1x1, stride 1, no padding, no post-op).
bool PerPixelLinearConv(const Graph& graph, const Node& conv) {
  const Attributes& a = conv.attributes;
  const TensorInfo* w = graph.FindConstant(conv.inputs[1]);
  const TensorInfo* x = graph.FindTensor(conv.inputs[0]);
  return conv.op_type == "Conv" && w != nullptr && w->dtype == DataType::kF32 && w->shape.rank() == 4 &&
         w->shape.dim(2).size == 1 && w->shape.dim(3).size == 1 && x != nullptr &&
         x->dtype == DataType::kF32 && x->shape.IsFullyKnown() && AllOne(a.GetInts("strides", {1, 1})) &&
         AllZero(a.GetInts("pads", {0, 0, 0, 0})) && NoAutoPad(conv) && a.GetStrings("post_ops").empty();
}

}  // namespace

absl::Status PoolBeforePointwiseConvPass::Run(Graph& graph) {
  bool changed = false;
  for (const auto& node : graph.nodes()) {
    Node& pool = *node;
    Node* conv = graph.Producer(pool.inputs[0]);
    if (conv == nullptr || !PoolsWithoutPadding(graph, pool) || !OnlyFeeds(graph, pool.inputs[0]) ||
        !PerPixelLinearConv(graph, *conv)) {
      continue;
    }
    const Dims x = DimsOf(graph, conv->inputs[0]).value(), y = DimsOf(graph, pool.outputs[0]).value();
    const std::string pooled = graph.UniqueTensorName(conv->inputs[0] + "/pooled");
    graph.AddTensor(pooled, DataType::kF32, Shape::Of({x[0], x[1], y[2], y[3]}));
    pool.inputs[0] = conv->inputs[0];
    conv->inputs[0] = pooled;
    conv->outputs[0] = pool.outputs[0];
    pool.outputs[0] = pooled;
    changed = true;
  }
  if (!changed) return absl::OkStatus();
  graph.RemoveUnusedTensors();
  return graph.TopologicalSort();
}

absl::Status ConcatDepthwisePass::Run(Graph& graph) {
  std::vector<Rewrite> rewrites;
  for (const auto& node : graph.nodes()) {
    if (node->op_type != "Conv") continue;
    const Node* concat = ConcatFeedingPointwiseDepthwise(graph, *node);
    if (concat == nullptr) continue;
    Rewrite r;
    r.remove = {concat, node.get()};
    std::vector<std::string> inputs = {concat->inputs[0], node->inputs[1],
                                       node->has_input(2) ? node->inputs[2] : ""};
    inputs.insert(inputs.end(), concat->inputs.begin() + 1, concat->inputs.end());
    r.add = Node{graph.UniqueNodeName(absl::StrCat(node->name, "/of_concat")), "ConcatDepthwiseConv", inputs,
                 node->outputs, node->attributes};
    rewrites.push_back(std::move(r));
  }
  return ApplyRewrites(graph, rewrites);
}

absl::Status ChannelShufflePatternPass::Run(Graph& graph) {
  std::vector<Rewrite> rewrites;
  for (const auto& node : graph.nodes()) {
    if (node->op_type != "Reshape") continue;
    Node* transpose = graph.Producer(node->inputs[0]);
    if (transpose == nullptr || transpose->op_type != "Transpose" || !OnlyFeeds(graph, transpose->outputs[0]))
      continue;
    Node* first = graph.Producer(transpose->inputs[0]);
    if (first == nullptr || first->op_type != "Reshape" || !OnlyFeeds(graph, first->outputs[0])) continue;
    const int64_t groups = ShuffleGroups(graph, *first, *transpose);
    if (groups == 0 || DimsOf(graph, node->outputs[0]) != DimsOf(graph, first->inputs[0])) continue;
    Rewrite r;
    r.remove = {first, transpose, node.get()};
    std::vector<std::string> inputs = {first->inputs[0]};
    Node* concat = graph.Producer(first->inputs[0]);
    const int64_t rank = static_cast<int64_t>(DimsOf(graph, first->inputs[0])->size());
    if (concat != nullptr && concat->op_type == "Concat" && OnlyFeeds(graph, concat->outputs[0]) &&
        (concat->attributes.GetInt("axis", 0) + rank) % rank == 1) {
      inputs = concat->inputs;
      r.remove.push_back(concat);
    }
    Attributes attributes;
    attributes.Set("groups", groups);
    r.add = Node{graph.UniqueNodeName(absl::StrCat(node->name, "/channel_shuffle")),
                 "ChannelShuffle",
                 inputs,
                 {node->outputs[0]},
                 attributes};
    rewrites.push_back(std::move(r));
  }
  return ApplyRewrites(graph, rewrites);
}

namespace {

// The producer of `tensor` if it computes math function `f`.
Node* MathProducer(Graph& graph, const std::string& tensor, MathFunction f) {
  Node* node = graph.Producer(tensor);
  return node != nullptr && TraitsOf(node->op_type).math == f ? node : nullptr;
}

// The first axis of `mean` (a keepdims ReduceMean) when it averages over
// the trailing axes of its input, from that axis on; -1 otherwise.
int64_t TrailingMeanAxis(const Graph& graph, const Node& mean) {
  const TensorInfo* x = graph.FindTensor(mean.inputs[0]);
  if (x == nullptr || !x->shape.rank_known() || mean.attributes.GetInt("keepdims", 1) != 1) return -1;
  const int64_t rank = x->shape.rank();
  std::vector<int64_t> axes = mean.attributes.GetInts("axes");
  if (axes.empty()) return -1;
  for (int64_t& a : axes) a = a < 0 ? a + rank : a;
  std::sort(axes.begin(), axes.end());
  for (size_t i = 0; i < axes.size(); ++i) {
    if (axes[i] != rank - static_cast<int64_t>(axes.size()) + static_cast<int64_t>(i)) return -1;
  }
  return axes[0];
}

// A constant whose shape is a trailing part of `normalized` (what
// LayerNormalization takes as Scale and B), at either operand of `node`;
// the other operand goes to `other`.
std::string AffineOperand(const Graph& graph, const Node& node, const Dims& normalized, std::string& other) {
  for (int side = 0; side < 2; ++side) {
    const TensorInfo* c = graph.FindConstant(node.inputs[side]);
    if (c == nullptr || c->dtype != DataType::kF32) continue;
    const Dims d = c->shape.Sizes();
    if (d.size() <= normalized.size() && std::equal(d.begin(), d.end(), normalized.end() - d.size())) {
      other = node.inputs[1 - side];
      return node.inputs[side];
    }
  }
  return "";
}

}  // namespace

absl::Status LayerNormPatternPass::Run(Graph& graph) {
  std::vector<Rewrite> rewrites;
  std::set<const Node*> claimed;
  for (const auto& node : graph.nodes()) {
    // Div(Sub(x, mean(x)), Sqrt(Add(mean(Pow(Sub(..), 2)), eps))).
    if (ArithmeticOf(node.get()) != BinaryArithmetic::kDiv || claimed.count(node.get())) continue;
    const std::string& centered = node->inputs[0];
    Node* sub = graph.Producer(centered);
    if (ArithmeticOf(sub) != BinaryArithmetic::kSub || graph.NumUses(centered) != 2 ||
        graph.IsGraphOutput(centered)) {
      continue;
    }
    const std::string x = sub->inputs[0];
    Node* mean = MathProducer(graph, sub->inputs[1], MathFunction::kMean);
    Node* sqrt = MathProducer(graph, node->inputs[1], MathFunction::kSqrt);
    if (mean == nullptr || mean->inputs[0] != x || !OnlyFeeds(graph, sub->inputs[1]) || sqrt == nullptr ||
        !OnlyFeeds(graph, node->inputs[1])) {
      continue;
    }
    const int64_t axis = TrailingMeanAxis(graph, *mean);
    std::string variance;
    Node* add = axis < 0 ? nullptr : graph.Producer(sqrt->inputs[0]);
    std::optional<float> epsilon;
    for (int side = 0; add != nullptr && side < 2 && !epsilon; ++side) {
      epsilon = ScalarConstant(graph, add->inputs[side]);
      variance = add->inputs[1 - side];
    }
    if (ArithmeticOf(add) != BinaryArithmetic::kAdd || !epsilon || !OnlyFeeds(graph, sqrt->inputs[0]))
      continue;
    Node* var_mean = MathProducer(graph, variance, MathFunction::kMean);
    Node* square =
        var_mean == nullptr ? nullptr : MathProducer(graph, var_mean->inputs[0], MathFunction::kPow);
    const std::optional<float> two =
        square == nullptr ? std::nullopt : ScalarConstant(graph, square->inputs[1]);
    if (square == nullptr || square->inputs[0] != centered || !two || *two != 2.f ||
        !OnlyFeeds(graph, variance) || !OnlyFeeds(graph, var_mean->inputs[0]) ||
        TrailingMeanAxis(graph, *var_mean) != axis) {
      continue;
    }
    // Optional affine part: * Scale, then + B.
    const Dims x_dims = graph.FindTensor(x)->shape.Sizes();
    const Dims normalized(x_dims.begin() + axis, x_dims.end());
    Rewrite r;
    r.remove = {mean, sub, square, var_mean, add, sqrt, node.get()};
    std::string out = node->outputs[0], scale, bias, rest;
    std::vector<Node*> users = graph.Consumers(out);
    if (OnlyFeeds(graph, out) && ArithmeticOf(users[0]) == BinaryArithmetic::kMul &&
        !(scale = AffineOperand(graph, *users[0], normalized, rest)).empty()) {
      r.remove.push_back(users[0]);
      out = users[0]->outputs[0];
      users = graph.Consumers(out);
      if (OnlyFeeds(graph, out) && ArithmeticOf(users[0]) == BinaryArithmetic::kAdd &&
          !(bias = AffineOperand(graph, *users[0], normalized, rest)).empty()) {
        r.remove.push_back(users[0]);
        out = users[0]->outputs[0];
      }
    }
    if (scale.empty()) {
      scale = graph.UniqueTensorName(absl::StrCat(node->name, "/ones"));
      auto ones = Buffer::Allocate(NumElements(normalized) * sizeof(float));
      std::fill_n(ones->mutable_data<float>(), NumElements(normalized), 1.f);
      graph.AddConstant(scale, DataType::kF32, normalized, std::move(ones));
    }
    for (const Node* n : r.remove) claimed.insert(n);
    Attributes attributes;
    attributes.Set("axis", axis);
    attributes.Set("epsilon", *epsilon);
    std::vector<std::string> inputs = {x, scale};
    if (!bias.empty()) inputs.push_back(bias);
    r.add = Node{graph.UniqueNodeName(absl::StrCat(node->name, "/layer_norm")),
                 "LayerNormalization",
                 inputs,
                 {out},
                 attributes};
    rewrites.push_back(std::move(r));
  }
  return ApplyRewrites(graph, rewrites);
}

namespace {

// The values of `node`'s constant operand when it holds one value per
// channel (axis 1) of `y`, the other operand, or one value for all: size 1
// everywhere but the channel axis once padded to y's rank. C values.
std::optional<std::vector<float>> PerChannelOperand(const Graph& graph, const Node& node,
                                                    const std::string& y) {
  const TensorInfo* c = graph.FindConstant(OtherOperand(node, y));
  const TensorInfo* out = graph.FindTensor(y);
  if (c == nullptr || c->dtype != DataType::kF32 || out == nullptr || !out->shape.IsFullyKnown() ||
      out->shape.rank() < 2 || c->shape.rank() > out->shape.rank()) {
    return std::nullopt;
  }
  const int64_t channels = out->shape.dim(1).size;
  Dims padded = c->shape.Sizes();
  while (padded.size() < static_cast<size_t>(out->shape.rank())) padded.insert(padded.begin(), 1);
  for (size_t d = 0; d < padded.size(); ++d) {
    if (padded[d] != 1 && (d != 1 || padded[d] != channels)) return std::nullopt;
  }
  const auto v = c->data->span<float>();
  return v.size() == 1 ? std::vector<float>(channels, v[0]) : std::vector<float>(v.begin(), v.end());
}

// Folds y * c or y + c (`node`, per-channel constant c) into `op`, y's
// producer: false when it cannot.
bool FoldIntoWeights(Graph& graph, const Node& node, const std::string& y, Node& op) {
  const BinaryArithmetic arithmetic = ArithmeticOf(&node);
  if ((arithmetic != BinaryArithmetic::kAdd && arithmetic != BinaryArithmetic::kMul) ||
      !OnlyFeeds(graph, y)) {
    return false;
  }
  std::optional<std::vector<float>> c = PerChannelOperand(graph, node, y);
  if (!c) return false;
  const bool add = arithmetic == BinaryArithmetic::kAdd;
  const std::vector<float> scale = add ? std::vector<float>(c->size(), 1.f) : *c;
  const std::vector<float> shift = add ? *c : std::vector<float>(c->size(), 0.f);
  if (!FoldChannelAffine(graph, op, scale, shift)) return false;
  op.outputs[0] = node.outputs[0];
  return true;
}

// The step alpha * x + beta that binary `node` computes from its operand x
// with a one-value f32 constant (Mul, Add, Sub either way, Div by it).
std::optional<PostOp> ScalarAffineOf(const Graph& graph, const Node& node, std::string& x) {
  const BinaryArithmetic arithmetic = ArithmeticOf(&node);
  if (arithmetic == BinaryArithmetic::kNone) return std::nullopt;
  for (int side = 0; side < 2; ++side) {
    const TensorInfo* c = graph.FindConstant(node.inputs[side]);
    if (c == nullptr || c->dtype != DataType::kF32 || c->shape.NumElements() != 1) continue;
    const float v = c->data->data<float>()[0];
    x = node.inputs[1 - side];
    switch (arithmetic) {
      case BinaryArithmetic::kMul:
        return PostOp{PostOpKind::kLinear, v, 0.f};
      case BinaryArithmetic::kAdd:
        return PostOp{PostOpKind::kLinear, 1.f, v};
      case BinaryArithmetic::kSub:
        return side == 1 ? PostOp{PostOpKind::kLinear, 1.f, -v} : PostOp{PostOpKind::kLinear, -1.f, v};
      case BinaryArithmetic::kDiv:
        if (side == 1 && v != 0.f) return PostOp{PostOpKind::kLinear, 1.f / v, 0.f};
        return std::nullopt;
      case BinaryArithmetic::kNone:
        return std::nullopt;
    }
  }
  return std::nullopt;
}

// A MatMul of two run-time operands one of which is scaled by a constant
// (PyTorch's attention divides Q by sqrt(d) first): the product is scaled
// instead, as a first linear post-op, so both operands stay what their
// producers wrote (INT8 after quantization). True when `matmul` changed.
bool FoldOperandScale(Graph& graph, Node& matmul, std::vector<const Node*>& remove) {
  std::vector<PostOp> post_ops;
  if (matmul.op_type != "MatMul" || matmul.inputs.size() != 2 || SumInputIndex(matmul) >= 0 ||
      graph.FindConstant(matmul.inputs[0]) != nullptr || graph.FindConstant(matmul.inputs[1]) != nullptr ||
      !ParsePostOps(matmul, post_ops).ok()) {
    return false;
  }
  for (std::string& operand : matmul.inputs) {
    Node* scaling = graph.Producer(operand);
    std::string x;
    const std::optional<PostOp> linear =
        scaling != nullptr ? ScalarAffineOf(graph, *scaling, x) : std::nullopt;
    const TensorInfo* t = graph.FindTensor(x);
    if (!linear || linear->beta != 0.f || !OnlyFeeds(graph, operand) || t == nullptr ||
        t->dtype != DataType::kF32 || graph.FindConstant(x) != nullptr) {
      continue;
    }
    // oneDNN 2.6 mis-parameterizes a second linear step in a chain
    // (primitive_kernel.cc): the scale merges into a leading one, or is the
    // only one.
    const bool leading_linear = !post_ops.empty() && post_ops[0].kind == PostOpKind::kLinear;
    const bool linear_later =
        std::any_of(post_ops.begin() + (leading_linear ? 1 : 0), post_ops.end(), [](const PostOp& p) {
          return p.kind == PostOpKind::kLinear || p.kind == PostOpKind::kHardSigmoid || IsFakeQuant(p.kind);
        });
    if (linear_later) return false;
    if (leading_linear) {
      post_ops[0].alpha *= linear->alpha;
    } else {
      post_ops.insert(post_ops.begin(), *linear);
    }
    matmul.attributes.Erase("post_ops");
    matmul.attributes.Erase("post_op_alpha");
    matmul.attributes.Erase("post_op_beta");
    for (const PostOp& p : post_ops) AppendPostOp(matmul, p);
    operand = x;
    remove.push_back(scaling);
    return true;
  }
  return false;
}

}  // namespace

absl::Status AffineFoldingPass::Run(Graph& graph) {
  std::vector<const Node*> remove;
  for (const auto& node : graph.nodes()) {
    for (const std::string& y : node->inputs) {
      Node* op = graph.Producer(y);
      if (op != nullptr && FoldIntoWeights(graph, *node, y, *op)) {
        remove.push_back(node.get());
        break;
      }
    }
  }
  for (const Node* n : remove) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

absl::Status LinearPostOpFusionPass::Run(Graph& graph) {
  std::vector<const Node*> remove;
  for (const auto& node : graph.nodes()) {
    while (FoldOperandScale(graph, *node, remove)) {
    }
  }
  for (const Node* n : remove) graph.RemoveNode(n);
  remove.clear();
  for (const auto& node : graph.nodes()) {
    std::string x;
    const std::optional<PostOp> linear = ScalarAffineOf(graph, *node, x);
    Node* producer = linear ? graph.Producer(x) : nullptr;
    const TensorInfo* t = graph.FindTensor(x);
    std::vector<PostOp> post_ops;
    if (producer == nullptr || !TraitsOf(producer->op_type).takes_post_ops || !OnlyFeeds(graph, x) ||
        t == nullptr || t->dtype != DataType::kF32 || !ParsePostOps(*producer, post_ops).ok()) {
      continue;
    }
    if (!post_ops.empty() && post_ops.back().kind == PostOpKind::kLinear) {
      // Two steps compose into one: a (a0 x + b0) + b.
      std::vector<float> alpha = producer->attributes.GetFloats("post_op_alpha");
      std::vector<float> beta = producer->attributes.GetFloats("post_op_beta");
      beta.back() = linear->alpha * beta.back() + linear->beta;
      alpha.back() *= linear->alpha;
      producer->attributes.Set("post_op_alpha", alpha);
      producer->attributes.Set("post_op_beta", beta);
    } else {
      // oneDNN 2.6 mis-parameterizes a second linear step in a chain
      // (primitive_kernel.cc): none beside HardSigmoid's or fake quantization's.
      const bool linear_inside = std::any_of(post_ops.begin(), post_ops.end(), [](const PostOp& p) {
        return p.kind == PostOpKind::kHardSigmoid || IsFakeQuant(p.kind);
      });
      if (linear_inside) continue;
      AppendPostOp(*producer, *linear);
    }
    producer->outputs[0] = node->outputs[0];
    remove.push_back(node.get());
  }
  for (const Node* n : remove) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

absl::Status PadFusionPass::Run(Graph& graph) {
  std::vector<const Node*> remove;
  for (const auto& node : graph.nodes()) {
    if (!TraitsOf(node->op_type).pads_input || node->attributes.GetString("mode", "constant") != "constant") {
      continue;
    }
    const TensorInfo* pads = graph.FindConstant(node->inputs[1]);
    const TensorInfo* x = graph.FindTensor(node->inputs[0]);
    if (pads == nullptr || pads->dtype != DataType::kS64 || x == nullptr || x->shape.rank() != 4) continue;
    if (node->has_input(2)) {
      std::optional<float> value = ScalarConstant(graph, node->inputs[2]);
      if (!value || *value != 0.f) continue;
    }
    const auto p = pads->data->span<int64_t>();  // [n, c, h, w] begins, then ends
    if (p[0] != 0 || p[1] != 0 || p[4] != 0 || p[5] != 0) continue;
    const std::vector<Node*> users = graph.Consumers(node->outputs[0]);
    if (users.size() != 1 || users[0]->inputs[0] != node->outputs[0] || !OnlyFeeds(graph, node->outputs[0])) {
      continue;
    }
    Node& user = *users[0];
    const auto absorb = TraitsOf(user.op_type).absorb_zero_padding;
    if (absorb == nullptr || !absorb(user, {p[2], p[3], p[6], p[7]})) continue;
    user.inputs[0] = node->inputs[0];
    remove.push_back(node.get());
  }
  for (const Node* n : remove) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

namespace {

// MatMul of an [..., K] input by a constant [K, N]: the leading dimensions
// flattened by a Reshape (a view) so the product is a Gemm, and restored
// after it (transformers' linear layers). Products of one input (attention's
// Q, K and V projections) share its flattened view, `flattened` (input ->
// view), and so later one quantization of it.
void FlattenLeadingDims(Graph& graph, Node& matmul, const Dims& a, int64_t n,
                        std::map<std::string, std::string>& flattened) {
  const int64_t k = a.back(), rows = NumElements(a) / k;
  std::string& flat = flattened[matmul.inputs[0]];
  if (flat.empty()) {
    flat = graph.UniqueTensorName(matmul.inputs[0] + "/rows");
    graph.AddTensor(flat, DataType::kF32, Shape::Of({rows, k}));
    graph.AddNode(Node{graph.UniqueNodeName(matmul.name + "/flatten"),
                       "Reshape",
                       {matmul.inputs[0], graph.AddNewInts(matmul.name + "/rows_shape", {rows, k})},
                       {flat},
                       {}});
  }
  const std::string out = matmul.outputs[0];
  const std::string product = graph.UniqueTensorName(out + "/rows");
  graph.AddTensor(product, DataType::kF32, Shape::Of({rows, n}));
  Dims out_dims(a.begin(), a.end() - 1);
  out_dims.push_back(n);
  graph.AddNode(Node{graph.UniqueNodeName(matmul.name + "/unflatten"),
                     "Reshape",
                     {product, graph.AddNewInts(matmul.name + "/out_shape", out_dims)},
                     {out},
                     {}});
  matmul.inputs[0] = flat;
  matmul.outputs[0] = product;
}

}  // namespace

absl::Status GemmFormationPass::Run(Graph& graph) {
  std::vector<const Node*> remove;
  std::vector<Node*> matmuls;
  std::map<std::string, std::string> flattened;
  for (const auto& node : graph.nodes()) {
    if (TraitsOf(node->op_type).matrix_multiply && !node->attributes.Has("post_ops"))
      matmuls.push_back(node.get());
  }
  for (Node* node : matmuls) {
    const TensorInfo* a = graph.FindTensor(node->inputs[0]);
    const TensorInfo* b = graph.FindConstant(node->inputs[1]);
    if (a == nullptr || b == nullptr || a->dtype != DataType::kF32 || a->shape.rank() < 2 ||
        !a->shape.IsFullyKnown() || b->shape.rank() != 2) {
      continue;
    }
    // The bias Add, found before the output moves behind a Reshape.
    const int64_t n = b->shape.dim(1).size;
    const std::vector<Node*> users = graph.Consumers(node->outputs[0]);
    Node* add = users.size() == 1 && ArithmeticOf(users[0]) == BinaryArithmetic::kAdd &&
                        OnlyFeeds(graph, node->outputs[0])
                    ? users[0]
                    : nullptr;
    std::string bias = add != nullptr ? OtherOperand(*add, node->outputs[0]) : "";
    const TensorInfo* c = bias.empty() ? nullptr : graph.FindConstant(bias);
    const bool row_vector =
        c != nullptr && c->dtype == DataType::kF32 &&
        ((c->shape.rank() == 1 && c->shape.dim(0).size == n) ||
         (c->shape.rank() == 2 && c->shape.dim(0).size == 1 && c->shape.dim(1).size == n));
    node->op_type = "Gemm";
    if (row_vector) {
      node->inputs.push_back(bias);
      node->outputs[0] = add->outputs[0];
      remove.push_back(add);
    }
    if (a->shape.rank() > 2) FlattenLeadingDims(graph, *node, a->shape.Sizes(), n, flattened);
  }
  for (const Node* n : remove) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return graph.TopologicalSort();
}

namespace {

// An INT8 output's multiplier must fold into a linear last step (oneDNN 2.6
// gets a second linear step in one chain wrong): nothing may follow one.
bool EndsWithLinearStep(const Node& node) {
  std::vector<PostOp> post_ops;
  return ParsePostOps(node, post_ops).ok() && !post_ops.empty() &&
         post_ops.back().kind == PostOpKind::kLinear;
}

}  // namespace

absl::Status ActivationFusionPass::Run(Graph& graph) {
  std::vector<const Node*> remove;
  for (const auto& node : graph.nodes()) {
    const OpTraits& traits = TraitsOf(node->op_type);
    if (traits.activation == nullptr || !OnlyFeeds(graph, node->inputs[0])) continue;
    Node* producer = graph.Producer(node->inputs[0]);
    // An elementwise activation commutes with a view (the Reshape after a
    // flattened Gemm): it fuses into the op before the view.
    Node* view = nullptr;
    if (producer != nullptr && TraitsOf(producer->op_type).is_view && OnlyFeeds(graph, producer->inputs[0])) {
      view = producer;
      producer = graph.Producer(view->inputs[0]);
    }
    if (producer == nullptr || !TraitsOf(producer->op_type).takes_post_ops) continue;
    const TensorInfo* out = graph.FindTensor(producer->outputs[0]);
    if (out == nullptr || out->dtype != DataType::kF32) continue;
    const std::optional<PostOp> op = traits.activation(node->attributes);
    if (!op || EndsWithLinearStep(*producer)) continue;
    AppendPostOp(*producer, *op);
    (view != nullptr ? view : producer)->outputs[0] = node->outputs[0];
    remove.push_back(node.get());
  }
  for (const Node* n : remove) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

namespace {

// The fake-quantization post-op `quantize` and its only consumer
// `dequantize` compute, if they are a per-tensor pair on the same grid.
std::optional<PostOp> FakeQuantOf(const Graph& graph, const Node& quantize, const Node& dequantize) {
  auto same = [](const std::string& a, const std::string& b, const Graph& g) {
    return a == b || ScalarConstant(g, a) == ScalarConstant(g, b);
  };
  const std::string zq = quantize.has_input(2) ? quantize.inputs[2] : "";
  const std::string zd = dequantize.has_input(2) ? dequantize.inputs[2] : "";
  const std::optional<float> scale = ScalarConstant(graph, quantize.inputs[1]);
  if (!scale || !(*scale > 0) || !same(quantize.inputs[1], dequantize.inputs[1], graph) ||
      zq.empty() != zd.empty() || (!zq.empty() && !same(zq, zd, graph))) {
    return std::nullopt;
  }
  const TensorInfo* q = graph.FindTensor(quantize.outputs[0]);
  if (q == nullptr || (q->dtype != DataType::kU8 && q->dtype != DataType::kS8)) return std::nullopt;
  const float zero_point = zq.empty() ? 0.f : ScalarConstant(graph, zq).value_or(NAN);
  if (std::isnan(zero_point)) return std::nullopt;
  return PostOp{q->dtype == DataType::kU8 ? PostOpKind::kFakeQuantU8 : PostOpKind::kFakeQuantS8, *scale,
                zero_point};
}

}  // namespace

absl::Status FakeQuantFusionPass::Run(Graph& graph) {
  std::vector<const Node*> remove;
  for (const auto& node : graph.nodes()) {
    if (TraitsOf(node->op_type).quantization != QuantizationRole::kQuantize ||
        !OnlyFeeds(graph, node->inputs[0]) || !OnlyFeeds(graph, node->outputs[0])) {
      continue;
    }
    Node* producer = graph.Producer(node->inputs[0]);
    const std::vector<Node*> consumers = graph.Consumers(node->outputs[0]);
    if (producer == nullptr || consumers.size() != 1 || !TraitsOf(producer->op_type).takes_post_ops ||
        TraitsOf(consumers[0]->op_type).quantization != QuantizationRole::kDequantize) {
      continue;
    }
    const TensorInfo* x = graph.FindTensor(node->inputs[0]);
    const TensorInfo* y = graph.FindTensor(consumers[0]->outputs[0]);
    if (x == nullptr || y == nullptr || x->dtype != DataType::kF32 || y->dtype != DataType::kF32) continue;
    const std::optional<PostOp> op = FakeQuantOf(graph, *node, *consumers[0]);
    if (!op) continue;
    AppendPostOp(*producer, *op);
    producer->outputs[0] = consumers[0]->outputs[0];
    remove.push_back(node.get());
    remove.push_back(consumers[0]);
  }
  for (const Node* n : remove) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

absl::Status ResidualAddFusionPass::Run(Graph& graph) {
  std::map<const Node*, int> position;
  for (int i = 0; i < graph.num_nodes(); ++i) position[graph.nodes()[i].get()] = i;
  std::vector<const Node*> remove;
  for (const auto& node : graph.nodes()) {
    if (ArithmeticOf(node.get()) != BinaryArithmetic::kAdd) continue;
    const TensorInfo* a = graph.FindTensor(node->inputs[0]);
    const TensorInfo* b = graph.FindTensor(node->inputs[1]);
    if (a == nullptr || b == nullptr || a->dtype != DataType::kF32 || a->is_constant() || b->is_constant() ||
        !a->shape.IsFullyKnown() || a->shape != b->shape || node->inputs[0] == node->inputs[1]) {
      continue;
    }
    // The conv computed last takes the sum; the other operand exists by then.
    Node* chosen = nullptr;
    int chosen_side = -1;
    for (int side = 0; side < 2; ++side) {
      Node* p = graph.Producer(node->inputs[side]);
      if (p == nullptr || !TraitsOf(p->op_type).accepts_residual_sum || SumInputIndex(*p) >= 0 ||
          !OnlyFeeds(graph, node->inputs[side])) {
        continue;
      }
      const Node* other = graph.Producer(node->inputs[1 - side]);
      if (other != nullptr && position[other] > position[p]) continue;
      if (chosen == nullptr || position[p] > position[chosen]) {
        chosen = p;
        chosen_side = side;
      }
    }
    if (chosen == nullptr) continue;
    chosen->inputs.resize(FindOpSchema(chosen->op_type)->max_inputs - 1);  // the sum input comes last
    chosen->inputs.push_back(node->inputs[1 - chosen_side]);
    AppendPostOp(*chosen, PostOp{PostOpKind::kSum, 1.f, 0.f});
    chosen->outputs[0] = node->outputs[0];
    remove.push_back(node.get());
  }
  for (const Node* n : remove) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

}  // namespace mint8::ir
