// Structural checks of the graph passes; their numerical equivalence is
// tested end to end in //tests:backend_equivalence_test.
#include <algorithm>
#include <cmath>

#include "gtest/gtest.h"
#include "ir/op_definition.h"
#include "ir/passes/batchnorm_folding.h"
#include "ir/passes/cleanup_passes.h"
#include "ir/passes/fusion_passes.h"
#include "ir/shape_inference.h"
#include "ir/verifier.h"

namespace mint8::ir {
namespace {

using Ints = std::vector<int64_t>;

class G {
 public:
  G& In(const std::string& n, Dims d) {
    g.AddTensor(n, DataType::kF32, Shape::Of(d));
    g.inputs().push_back(n);
    return *this;
  }
  G& Const(const std::string& n, Dims d, std::vector<float> v) {
    g.AddConstant(n, DataType::kF32, d, Buffer::Copy(v.data(), v.size() * 4));
    return *this;
  }
  G& Ints(const std::string& n, std::vector<int64_t> v) {
    g.AddConstant(n, DataType::kS64, {static_cast<int64_t>(v.size())}, Buffer::Copy(v.data(), v.size() * 8));
    return *this;
  }
  G& Fill(const std::string& n, Dims d, float value) {
    return Const(n, d, std::vector<float>(NumElements(d), value));
  }
  G& Op(const std::string& name, const std::string& op, std::vector<std::string> in,
        std::vector<std::string> out, Attributes a = {}) {
    g.AddNode(Node{name, op, std::move(in), std::move(out), std::move(a)});
    return *this;
  }
  Graph Done(std::vector<std::string> outputs) {
    g.outputs() = std::move(outputs);
    EXPECT_TRUE(g.TopologicalSort().ok());
    EXPECT_TRUE(InferShapes(g).ok());
    return g;
  }
  Graph g;
};

std::vector<std::string> Ops(const Graph& g) {
  std::vector<std::string> ops;
  for (const auto& n : g.nodes()) ops.push_back(n->op_type);
  return ops;
}

void RunPass(Pass& pass, Graph& g) {
  ASSERT_TRUE(pass.Run(g).ok());
  ASSERT_TRUE(Verify(g).ok()) << Verify(g);
}

TEST(PassesTest, IdentityRemovalKeepsGraphOutputNames) {
  Graph g = G().In("x", {2})
                .Op("r", "Relu", {"x"}, {"a"})
                .Op("i", "Identity", {"a"}, {"y"})
                .Op("d", "Dropout", {"x"}, {"z"})
                .Done({"y", "z"});
  IdentityRemovalPass pass;
  RunPass(pass, g);
  EXPECT_EQ(Ops(g), (std::vector<std::string>{"Relu", "Dropout"}));  // x -> z must stay a copy
  EXPECT_EQ(g.Producer("y")->name, "r");
}

TEST(PassesTest, DeadNodeRemovalDropsUnusedBranches) {
  Graph g = G().In("x", {2})
                .Op("a", "Relu", {"x"}, {"y"})
                .Op("b", "Sigmoid", {"x"}, {"unused"})
                .Op("c", "Tanh", {"unused"}, {"unused2"})
                .Done({"y"});
  DeadNodeRemovalPass pass;
  RunPass(pass, g);
  EXPECT_EQ(Ops(g), (std::vector<std::string>{"Relu"}));
  EXPECT_EQ(g.FindTensor("unused"), nullptr);
}

TEST(PassesTest, BatchNormFoldsIntoConvWeightsAndBias) {
  // scale = 2 / sqrt(3 + 1) = 1; shift = 5 - 1 * 1 = 4 for channel 0.
  Graph g = G().In("x", {1, 1, 2, 2})
                .Const("w", {2, 1, 1, 1}, {3, -1})
                .Const("b", {2}, {1, 1})
                .Const("gamma", {2}, {2, 4})
                .Const("beta", {2}, {5, 0})
                .Const("mean", {2}, {1, 0})
                .Const("var", {2}, {3, 3})
                .Op("conv", "Conv", {"x", "w", "b"}, {"c"})
                .Op("bn", "BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, {"y"},
                    [] {
                      Attributes a;
                      a.Set("epsilon", 1.f);
                      return a;
                    }())
                .Done({"y"});
  BatchNormFoldingPass pass;
  RunPass(pass, g);
  ASSERT_EQ(Ops(g), (std::vector<std::string>{"Conv"}));
  const Node& conv = *g.nodes()[0];
  EXPECT_EQ(conv.outputs[0], "y");
  auto w = g.FindConstant(conv.inputs[1])->data->span<float>();
  auto b = g.FindConstant(conv.inputs[2])->data->span<float>();
  EXPECT_FLOAT_EQ(w[0], 3.f);   // * 1
  EXPECT_FLOAT_EQ(w[1], -2.f);  // * 4 / 2
  EXPECT_FLOAT_EQ(b[0], 1.f * 1.f + 4.f);
  EXPECT_FLOAT_EQ(b[1], 1.f * 2.f + 0.f);
}

// The conv's output is read elsewhere, so the BatchNorm cannot fold into it:
// it becomes a depthwise 1x1 Conv of its own (scale as weights, shift as
// bias).
TEST(PassesTest, BatchNormThatCannotFoldBecomesADepthwiseConv) {
  Graph g = G().In("x", {1, 2, 2, 2})
                .Fill("w", {2, 2, 1, 1}, 1)
                .Const("gamma", {2}, {2, 4})
                .Const("beta", {2}, {5, 0})
                .Const("mean", {2}, {1, 0})
                .Const("var", {2}, {3, 15})
                .Op("conv", "Conv", {"x", "w"}, {"c"})
                .Op("bn", "BatchNormalization", {"c", "gamma", "beta", "mean", "var"}, {"y"},
                    [] {
                      Attributes a;
                      a.Set("epsilon", 1.f);
                      return a;
                    }())
                .Done({"y", "c"});
  BatchNormFoldingPass pass;
  RunPass(pass, g);
  ASSERT_EQ(Ops(g), (std::vector<std::string>{"Conv", "Conv"}));
  const Node& bn = *g.nodes()[1];
  EXPECT_EQ(bn.inputs[0], "c");
  EXPECT_EQ(bn.outputs[0], "y");
  EXPECT_EQ(bn.attributes.GetInt("group", 1), 2);
  EXPECT_EQ(g.FindConstant(bn.inputs[1])->shape.Sizes(), (Dims{2, 1, 1, 1}));
  auto w = g.FindConstant(bn.inputs[1])->data->span<float>();
  auto b = g.FindConstant(bn.inputs[2])->data->span<float>();
  EXPECT_FLOAT_EQ(w[0], 1.f);  // 2 / sqrt(3 + 1)
  EXPECT_FLOAT_EQ(w[1], 1.f);  // 4 / sqrt(15 + 1)
  EXPECT_FLOAT_EQ(b[0], 4.f);  // 5 - 1 * 1
  EXPECT_FLOAT_EQ(b[1], 0.f);
}

// Two BatchNorms in a row after a graph input: the first becomes a depthwise
// 1x1 Conv, the second folds into it.
TEST(PassesTest, BatchNormAfterAReplacedBatchNormFoldsIntoItsConv) {
  Graph g = G().In("x", {1, 2, 2, 2})
                .Const("p", {2}, {1, 2})
                .Op("bn1", "BatchNormalization", {"x", "p", "p", "p", "p"}, {"n"})
                .Op("bn2", "BatchNormalization", {"n", "p", "p", "p", "p"}, {"y"})
                .Done({"y"});
  BatchNormFoldingPass pass;
  RunPass(pass, g);
  ASSERT_EQ(Ops(g), (std::vector<std::string>{"Conv"}));
  EXPECT_EQ(g.nodes()[0]->outputs[0], "y");
}

TEST(PassesTest, HardSwishPatternsBecomeOneNode) {
  Attributes clip06;
  clip06.Set("min", 0.f);
  clip06.Set("max", 6.f);
  Attributes hsig;
  hsig.Set("alpha", 1.f / 6);
  hsig.Set("beta", 0.5f);
  Graph g = G().In("x", {4})
                .Const("three", {}, {3})
                .Const("six", {}, {6})
                .Op("add", "Add", {"x", "three"}, {"a"})
                .Op("clip", "Clip", {"a"}, {"c"}, clip06)
                .Op("mul", "Mul", {"x", "c"}, {"m"})
                .Op("div", "Div", {"m", "six"}, {"y1"})
                .Op("hs", "HardSigmoid", {"x"}, {"h"}, hsig)
                .Op("mul2", "Mul", {"h", "x"}, {"y2"})
                .Done({"y1", "y2"});
  HardSwishPatternPass pass;
  RunPass(pass, g);
  EXPECT_EQ(Ops(g), (std::vector<std::string>{"HardSwish", "HardSwish"}));
  EXPECT_NE(g.Producer("y1"), nullptr);
  EXPECT_NE(g.Producer("y2"), nullptr);
}

TEST(PassesTest, GeluPatternBecomesOneNodeThatFusesIntoMatMul) {
  // PyTorch's export of nn.GELU(), after a Linear; and a look-alike with
  // another divisor that must stay as it is.
  Graph g = G().In("x", {2, 4})
                .Fill("w", {4, 4}, 0.25f)
                .Const("root2", {}, {1.41421356f})
                .Const("one", {}, {1})
                .Const("half", {}, {0.5f})
                .Const("two", {}, {2})
                .Op("mm", "MatMul", {"x", "w"}, {"h"})
                .Op("div", "Div", {"h", "root2"}, {"d"})
                .Op("erf", "Erf", {"d"}, {"e"})
                .Op("add", "Add", {"one", "e"}, {"a"})
                .Op("mul", "Mul", {"h", "a"}, {"m"})
                .Op("half", "Mul", {"m", "half"}, {"y"})
                .Op("div2", "Div", {"x", "two"}, {"d2"})
                .Op("erf2", "Erf", {"d2"}, {"e2"})
                .Op("add2", "Add", {"e2", "one"}, {"a2"})
                .Op("mul2", "Mul", {"x", "a2"}, {"m2"})
                .Op("half2", "Mul", {"half", "m2"}, {"z"})
                .Done({"y", "z"});
  GeluPatternPass gelu;
  RunPass(gelu, g);
  std::vector<std::string> ops = Ops(g);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "Gelu"), 1);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "Erf"), 1);  // the look-alike's
  ASSERT_NE(g.Producer("y"), nullptr);
  EXPECT_EQ(g.Producer("y")->op_type, "Gelu");
  ActivationFusionPass activation;
  RunPass(activation, g);
  ASSERT_NE(g.Producer("y"), nullptr);
  EXPECT_EQ(g.Producer("y")->op_type, "MatMul");
  std::vector<PostOp> post_ops;
  ASSERT_TRUE(ParsePostOps(*g.Producer("y"), post_ops).ok());
  ASSERT_EQ(post_ops.size(), 1u);
  EXPECT_EQ(post_ops[0].kind, PostOpKind::kGelu);
}

TEST(PassesTest, SiluPatternBecomesOneNodeThatFusesIntoConv) {
  // EfficientNet's SiLU after a conv (the Sigmoid either side of the Mul);
  // squeeze-excite's Mul(x, Sigmoid(s)) and a Sigmoid read twice stay.
  Graph g = G().In("x", {1, 2, 3, 3})
                .In("s", {1, 2, 1, 1})
                .Fill("w", {2, 2, 1, 1}, 0.5f)
                .Op("conv", "Conv", {"x", "w"}, {"c"})
                .Op("sig", "Sigmoid", {"c"}, {"g"})
                .Op("mul", "Mul", {"g", "c"}, {"y"})
                .Op("se_sig", "Sigmoid", {"s"}, {"gs"})
                .Op("se_mul", "Mul", {"x", "gs"}, {"z"})
                .Op("sig2", "Sigmoid", {"x"}, {"g2"})
                .Op("mul2", "Mul", {"x", "g2"}, {"m2"})
                .Op("add2", "Add", {"m2", "g2"}, {"w2"})
                .Done({"y", "z", "w2"});
  SiluPatternPass silu;
  RunPass(silu, g);
  std::vector<std::string> ops = Ops(g);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "Silu"), 1);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "Sigmoid"), 2);
  ASSERT_NE(g.Producer("y"), nullptr);
  EXPECT_EQ(g.Producer("y")->op_type, "Silu");
  ActivationFusionPass activation;
  RunPass(activation, g);
  ASSERT_NE(g.Producer("y"), nullptr);
  EXPECT_EQ(g.Producer("y")->op_type, "Conv");
  std::vector<PostOp> post_ops;
  ASSERT_TRUE(ParsePostOps(*g.Producer("y"), post_ops).ok());
  ASSERT_EQ(post_ops.size(), 1u);
  EXPECT_EQ(post_ops[0].kind, PostOpKind::kSilu);
}

TEST(PassesTest, InputPlusItsPerChannelGatingBecomesOneProduct) {
  // x + x * gate (here as Add(gate * x, x)) becomes x * (gate + 1); a full-size
  // factor, a product read elsewhere, and a gate of another tensor stay.
  Graph g = G().In("x", {1, 4, 3, 3})
                .In("gate", {1, 4, 1, 1})
                .In("other", {1, 4, 3, 3})
                .Op("m", "Mul", {"gate", "x"}, {"p"})
                .Op("a", "Add", {"p", "x"}, {"y"})
                .Op("m2", "Mul", {"x", "other"}, {"p2"})
                .Op("a2", "Add", {"x", "p2"}, {"z"})
                .Op("m3", "Mul", {"x", "gate"}, {"p3"})
                .Op("a3", "Add", {"x", "p3"}, {"w"})
                .Op("n3", "Neg", {"p3"}, {"v"})
                .Op("m4", "Mul", {"other", "gate"}, {"p4"})
                .Op("a4", "Add", {"x", "p4"}, {"u"})
                .Done({"y", "z", "w", "v", "u"});
  SelfGatedResidualPass pass;
  RunPass(pass, g);
  const Node* product = g.Producer("y");
  ASSERT_NE(product, nullptr);
  EXPECT_EQ(product->op_type, "Mul");
  EXPECT_EQ(product->inputs[0], "x");
  const Node* plus_one = g.Producer(product->inputs[1]);
  ASSERT_NE(plus_one, nullptr);
  EXPECT_EQ(plus_one->op_type, "Add");
  EXPECT_EQ(plus_one->inputs[0], "gate");
  const TensorInfo* one = g.FindConstant(plus_one->inputs[1]);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->data->data<float>()[0], 1.f);
  EXPECT_EQ(g.FindTensor(product->inputs[1])->shape, g.FindTensor("gate")->shape);
  for (const char* kept : {"z", "w", "u"}) EXPECT_EQ(g.Producer(kept)->op_type, "Add") << kept;
  EXPECT_EQ(g.Producer("p3")->op_type, "Mul");
}

TEST(PassesTest, ChannelShuffleBecomesOneNodeWithTheConcatsInputs) {
  // ShuffleNet: Concat -> Reshape [1, 2, 4, 3, 3] -> Transpose (1, 2) ->
  // Reshape back. The same reshapes with the identity permutation, and a
  // shuffle whose grouped tensor is read elsewhere, stay.
  Attributes axis1, swap, keep;
  axis1.Set("axis", int64_t{1});
  swap.Set("perm", std::vector<int64_t>{0, 2, 1, 3, 4});
  keep.Set("perm", std::vector<int64_t>{0, 1, 2, 3, 4});
  Graph g = G().In("a", {1, 4, 3, 3})
                .In("b", {1, 4, 3, 3})
                .In("d", {1, 8, 3, 3})
                .Ints("grouped", {1, 2, 4, 3, 3})
                .Ints("flat", {1, 8, 3, 3})
                .Op("cat", "Concat", {"a", "b"}, {"c"}, axis1)
                .Op("r1", "Reshape", {"c", "grouped"}, {"g"})
                .Op("t", "Transpose", {"g"}, {"s"}, swap)
                .Op("r2", "Reshape", {"s", "flat"}, {"y"})
                .Op("q1", "Reshape", {"d", "grouped"}, {"qg"})
                .Op("qt", "Transpose", {"qg"}, {"qs"}, keep)
                .Op("q2", "Reshape", {"qs", "flat"}, {"z"})
                .Op("w1", "Reshape", {"d", "grouped"}, {"wg"})
                .Op("wt", "Transpose", {"wg"}, {"ws"}, swap)
                .Op("w2", "Reshape", {"ws", "flat"}, {"v"})
                .Op("wn", "Neg", {"wg"}, {"u"})
                .Done({"y", "z", "v", "u"});
  ChannelShufflePatternPass pass;
  RunPass(pass, g);
  std::vector<std::string> ops = Ops(g);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "ChannelShuffle"), 1);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "Concat"), 0);
  EXPECT_EQ(std::count(ops.begin(), ops.end(), "Transpose"), 2);
  const Node* shuffle = g.Producer("y");
  ASSERT_NE(shuffle, nullptr);
  EXPECT_EQ(shuffle->op_type, "ChannelShuffle");
  EXPECT_EQ(shuffle->inputs, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(shuffle->attributes.GetInt("groups", 0), 2);
  EXPECT_EQ(g.FindTensor("y")->shape.Sizes(), (Dims{1, 8, 3, 3}));
}

TEST(PassesTest, PerChannelMulBeforeQuantizeLinearBecomesOneNode) {
  // x * gate ([1, C, 1, 1]) quantized per tensor fuses; a Mul by a
  // full-size tensor, and a product also read elsewhere, stay.
  Graph g = G().In("x", {1, 4, 3, 3})
                .In("gate", {1, 4, 1, 1})
                .In("other", {1, 4, 3, 3})
                .Fill("s", {}, 0.1f)
                .Op("m", "Mul", {"gate", "x"}, {"p"})
                .Op("q", "QuantizeLinear", {"p", "s"}, {"y"})
                .Op("m2", "Mul", {"x", "other"}, {"p2"})
                .Op("q2", "QuantizeLinear", {"p2", "s"}, {"z"})
                .Op("m3", "Mul", {"other", "gate"}, {"p3"})
                .Op("q3", "QuantizeLinear", {"p3", "s"}, {"w"})
                .Op("n3", "Neg", {"p3"}, {"v"})
                .Done({"y", "z", "w", "v"});
  ScaledQuantizePass pass;
  RunPass(pass, g);
  const Node* fused = g.Producer("y");
  ASSERT_NE(fused, nullptr);
  EXPECT_EQ(fused->op_type, "ScaledQuantizeLinear");
  ASSERT_EQ(fused->inputs.size(), 4u);
  EXPECT_EQ(fused->inputs[0], "x");
  EXPECT_EQ(fused->inputs[1], "s");
  EXPECT_EQ(fused->inputs[3], "gate");
  const TensorInfo* zero_point = g.FindConstant(fused->inputs[2]);  // QuantizeLinear's default, explicit
  ASSERT_NE(zero_point, nullptr);
  EXPECT_EQ(zero_point->dtype, DataType::kU8);
  EXPECT_EQ(zero_point->data->data<uint8_t>()[0], 0);
  EXPECT_EQ(g.Producer("z")->op_type, "QuantizeLinear");
  EXPECT_EQ(g.Producer("w")->op_type, "QuantizeLinear");
  EXPECT_EQ(g.FindTensor("y")->dtype, DataType::kU8);
}

// A 1x1 Conv only a padding-free AveragePool reads runs after the pool; not
// with an activation fused, a second reader, a 3x3 kernel or a padded pool.
TEST(PassesTest, AveragePoolMovesBeforeAPointwiseConv) {
  Attributes pool;
  pool.Set("kernel_shape", std::vector<int64_t>{2, 2});
  pool.Set("strides", std::vector<int64_t>{2, 2});
  Attributes padded_pool = pool;
  padded_pool.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  Attributes relu;
  relu.Set("post_ops", std::vector<std::string>{"relu"});
  relu.Set("post_op_alpha", std::vector<float>{0.f});
  relu.Set("post_op_beta", std::vector<float>{0.f});
  Attributes pad3;
  pad3.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  G g;
  g.In("x", {1, 8, 6, 6}).Fill("w", {4, 8, 1, 1}, 0.1f).Fill("b", {4}, 0.5f).Fill("w3", {4, 8, 3, 3}, 0.1f);
  g.Op("c1", "Conv", {"x", "w", "b"}, {"t1"}).Op("p1", "AveragePool", {"t1"}, {"y1"}, pool);
  g.Op("c2", "Conv", {"x", "w", "b"}, {"t2"}, relu).Op("p2", "AveragePool", {"t2"}, {"y2"}, pool);
  g.Op("c3", "Conv", {"x", "w"}, {"t3"}).Op("p3", "AveragePool", {"t3"}, {"y3"}, pool);
  g.Op("c4", "Conv", {"x", "w3"}, {"t4"}, pad3).Op("p4", "AveragePool", {"t4"}, {"y4"}, pool);
  g.Op("c5", "Conv", {"x", "w"}, {"t5"}).Op("p5", "AveragePool", {"t5"}, {"y5"}, padded_pool);
  Graph graph = g.Done({"y1", "y2", "y3", "t3", "y4", "y5"});
  PoolBeforePointwiseConvPass pass;
  RunPass(pass, graph);
  const Node* conv = graph.Producer("y1");
  ASSERT_NE(conv, nullptr);
  EXPECT_EQ(conv->op_type, "Conv");
  const Node* moved = graph.Producer(conv->inputs[0]);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->op_type, "AveragePool");
  EXPECT_EQ(moved->inputs[0], "x");
  EXPECT_EQ(graph.FindTensor(conv->inputs[0])->shape.Sizes(), (Dims{1, 8, 3, 3}));
  EXPECT_EQ(graph.FindTensor("y1")->shape.Sizes(), (Dims{1, 4, 3, 3}));
  for (const char* kept : {"y2", "y3", "y4", "y5"})
    EXPECT_EQ(graph.Producer(kept)->op_type, "AveragePool") << kept;
}

// LayerNorm written out over the last axis: without Scale/B it still fuses
// (Scale = ones); the same ops with a cube instead of a square stay.
TEST(PassesTest, DecomposedLayerNormBecomesLayerNormalization) {
  Attributes last;
  last.Set("axes", std::vector<int64_t>{-1});
  const auto decomposed = [&last](G& g, const std::string& p, const std::string& power) -> G& {
    return g.Op(p + "m", "ReduceMean", {"x"}, {p + "mean"}, last)
        .Op(p + "s", "Sub", {"x", p + "mean"}, {p + "d"})
        .Op(p + "p", "Pow", {p + "d", power}, {p + "sq"})
        .Op(p + "v", "ReduceMean", {p + "sq"}, {p + "var"}, last)
        .Op(p + "a", "Add", {p + "var", "eps"}, {p + "ve"})
        .Op(p + "r", "Sqrt", {p + "ve"}, {p + "std"})
        .Op(p + "n", "Div", {p + "d", p + "std"}, {p + "y"});
  };
  G g;
  g.In("x", {2, 3, 8}).Const("two", {}, {2}).Const("three", {}, {3}).Const("eps", {}, {1e-6f});
  decomposed(g, "a", "two");
  decomposed(g, "b", "three");
  Graph graph = g.Done({"ay", "by"});
  LayerNormPatternPass pass;
  RunPass(pass, graph);
  const Node* ln = graph.Producer("ay");
  ASSERT_NE(ln, nullptr);
  EXPECT_EQ(ln->op_type, "LayerNormalization");
  EXPECT_EQ(ln->attributes.GetInt("axis", 0), 2);
  EXPECT_FLOAT_EQ(ln->attributes.GetFloat("epsilon", 0), 1e-6f);
  EXPECT_EQ(graph.FindConstant(ln->inputs[1])->shape.Sizes(), (Dims{8}));
  EXPECT_EQ(graph.Producer("by")->op_type, "Div");
}

// A Pad by zeros (exporters write one before AveragePool) and a Concat of
// one input are identities; a real Pad stays.
TEST(PassesTest, ZeroPadAndSingleInputConcatAreRemoved) {
  G b;
  const std::vector<int64_t> zeros(8, 0), ones(8, 1);
  b.g.AddConstant("zeros", DataType::kS64, {8}, Buffer::Copy(zeros.data(), 64));
  b.g.AddConstant("ones", DataType::kS64, {8}, Buffer::Copy(ones.data(), 64));
  Attributes axis;
  axis.Set("axis", int64_t{1});
  Graph g = b.In("x", {1, 2, 4, 4})
                .Op("pad0", "Pad", {"x", "zeros"}, {"p0"})
                .Op("cat", "Concat", {"p0"}, {"c"}, axis)
                .Op("pad1", "Pad", {"c", "ones"}, {"y"})
                .Done({"y"});
  IdentityRemovalPass pass;
  RunPass(pass, g);
  EXPECT_EQ(Ops(g), (std::vector<std::string>{"Pad"}));
  EXPECT_EQ(g.Producer("y")->inputs[0], "x");
}

TEST(PassesTest, ActivationAndResidualFuseIntoTheLaterConv) {
  Graph g = G().In("x", {1, 2, 3, 3})
                .Fill("w", {2, 2, 1, 1}, 0.5f)
                .Op("c1", "Conv", {"x", "w"}, {"a"})
                .Op("r1", "Relu", {"a"}, {"ra"})
                .Op("c2", "Conv", {"ra", "w"}, {"b"})
                .Op("add", "Add", {"ra", "b"}, {"s"})
                .Op("r2", "Relu", {"s"}, {"y"})
                .Done({"y"});
  ActivationFusionPass activation;
  RunPass(activation, g);  // c1+relu fuses; the Add blocks c2's relu for now
  ResidualAddFusionPass residual;
  RunPass(residual, g);
  RunPass(activation, g);
  ASSERT_EQ(Ops(g), (std::vector<std::string>{"Conv", "Conv"}));
  const Node& c2 = *g.nodes()[1];
  EXPECT_EQ(c2.inputs.size(), 4u);
  EXPECT_EQ(c2.inputs[3], "ra");
  EXPECT_EQ(c2.attributes.GetStrings("post_ops"), (std::vector<std::string>{"sum", "relu"}));
  EXPECT_EQ(c2.outputs[0], "y");
}

TEST(PassesTest, ZeroPadMergesIntoConvPads) {
  std::vector<int64_t> pads = {0, 0, 0, 1, 0, 0, 1, 0};
  Graph g = G().In("x", {1, 1, 4, 4}).Fill("w", {1, 1, 3, 3}, 1).Done({});
  g.AddConstant("pads", DataType::kS64, {8}, Buffer::Copy(pads.data(), 64));
  g.AddNode(Node{"pad", "Pad", {"x", "pads"}, {"p"}, {}});
  Attributes a;
  a.Set("pads", Ints{1, 1, 1, 1});
  g.AddNode(Node{"conv", "Conv", {"p", "w"}, {"y"}, a});
  g.outputs() = {"y"};
  ASSERT_TRUE(InferShapes(g).ok());
  PadFusionPass pass;
  RunPass(pass, g);
  ASSERT_EQ(Ops(g), (std::vector<std::string>{"Conv"}));
  EXPECT_EQ(g.nodes()[0]->attributes.GetInts("pads"), (Ints{1, 2, 2, 1}));
  EXPECT_EQ(g.nodes()[0]->inputs[0], "x");
}

// Zeros padded in front of an AveragePool count in its average once its own
// padding counts; MaxPool and ceil-mode pooling keep their Pad.
TEST(PassesTest, ZeroPadMergesIntoAveragePoolCountingPadding) {
  for (const char* op : {"AveragePool", "MaxPool", "ceil_mode"}) {
    SCOPED_TRACE(op);
    std::vector<int64_t> pads = {0, 0, 1, 1, 0, 0, 1, 1};
    Graph g = G().In("x", {1, 2, 5, 5}).Done({});
    g.AddConstant("pads", DataType::kS64, {8}, Buffer::Copy(pads.data(), 64));
    g.AddNode(Node{"pad", "Pad", {"x", "pads"}, {"p"}, {}});
    Attributes a;
    a.Set("kernel_shape", Ints{3, 3});
    if (std::string(op) == "ceil_mode") a.Set("ceil_mode", int64_t{1});
    g.AddNode(Node{"pool", std::string(op) == "MaxPool" ? "MaxPool" : "AveragePool", {"p"}, {"y"}, a});
    g.outputs() = {"y"};
    ASSERT_TRUE(InferShapes(g).ok());
    PadFusionPass pass;
    RunPass(pass, g);
    if (std::string(op) != "AveragePool") {
      EXPECT_EQ(g.nodes().size(), 2u);
      continue;
    }
    ASSERT_EQ(Ops(g), (std::vector<std::string>{"AveragePool"}));
    EXPECT_EQ(g.nodes()[0]->attributes.GetInts("pads"), (Ints{1, 1, 1, 1}));
    EXPECT_EQ(g.nodes()[0]->attributes.GetInt("count_include_pad", 0), 1);
    EXPECT_EQ(g.nodes()[0]->inputs[0], "x");
  }
}

// A per-channel constant Add after a Conv becomes (part of) its bias; one
// that broadcasts along the width does not.
TEST(PassesTest, PerChannelAddBecomesTheBias) {
  for (bool per_channel : {true, false}) {
    SCOPED_TRACE(per_channel);
    Graph g = G().In("x", {1, 2, 3, 3})
                  .Fill("w", {2, 2, 1, 1}, 1)
                  .Const("b", {2}, {1, 2})
                  .Const("c", per_channel ? Dims{1, 2, 1, 1} : Dims{3},
                         per_channel ? std::vector<float>{10, 20} : std::vector<float>{1, 2, 3})
                  .Op("conv", "Conv", {"x", "w", "b"}, {"y0"})
                  .Op("add", "Add", {"c", "y0"}, {"y"})
                  .Done({"y"});
    AffineFoldingPass pass;
    RunPass(pass, g);
    if (!per_channel) {
      EXPECT_EQ(Ops(g), (std::vector<std::string>{"Conv", "Add"}));
      continue;
    }
    ASSERT_EQ(Ops(g), (std::vector<std::string>{"Conv"}));
    EXPECT_EQ(g.nodes()[0]->outputs[0], "y");
    auto bias = g.FindConstant(g.nodes()[0]->inputs[2])->data->span<float>();
    EXPECT_FLOAT_EQ(bias[0], 11.f);
    EXPECT_FLOAT_EQ(bias[1], 22.f);
  }
}

// PaddleOCR's affine block after an activation: scalar Mul, Add (and Div)
// compose into one linear post-op; after a HardSigmoid (a linear step of
// its own) they stay.
TEST(PassesTest, ScalarAffineAfterAnActivationBecomesALinearPostOp) {
  for (const char* activation : {"Relu", "HardSigmoid"}) {
    SCOPED_TRACE(activation);
    Graph g = G().In("x", {1, 2, 3, 3})
                  .Fill("w", {2, 2, 1, 1}, 1)
                  .Const("a", {}, {0.5f})
                  .Const("c", {1}, {1.f})
                  .Const("d", {}, {2.f})
                  .Op("conv", "Conv", {"x", "w"}, {"y0"})
                  .Op("act", activation, {"y0"}, {"y1"})
                  .Op("mul", "Mul", {"a", "y1"}, {"y2"})
                  .Op("add", "Add", {"y2", "c"}, {"y3"})
                  .Op("div", "Div", {"y3", "d"}, {"y"})
                  .Done({"y"});
    ActivationFusionPass activations;
    RunPass(activations, g);
    LinearPostOpFusionPass linear;
    RunPass(linear, g);
    if (std::string(activation) == "HardSigmoid") {
      EXPECT_EQ(Ops(g), (std::vector<std::string>{"Conv", "Mul", "Add", "Div"}));
      continue;
    }
    ASSERT_EQ(Ops(g), (std::vector<std::string>{"Conv"}));
    std::vector<PostOp> post_ops;
    ASSERT_TRUE(ParsePostOps(*g.nodes()[0], post_ops).ok());
    ASSERT_EQ(post_ops.size(), 2u);
    EXPECT_EQ(post_ops[1].kind, PostOpKind::kLinear);
    EXPECT_FLOAT_EQ(post_ops[1].alpha, 0.25f);  // (0.5 x + 1) / 2
    EXPECT_FLOAT_EQ(post_ops[1].beta, 0.5f);
    EXPECT_EQ(g.nodes()[0]->outputs[0], "y");
  }
}

// PyTorch's attention: Q / sqrt(d) before Q x K' becomes the product's
// first linear post-op (a later scalar Mul then composes with it).
TEST(PassesTest, ScaledMatMulOperandBecomesALeadingLinearPostOp) {
  Graph g = G().In("q", {2, 3, 4})
                .In("k", {2, 4, 5})
                .Const("d", {}, {8.f})
                .Const("m", {}, {0.5f})
                .Op("div", "Div", {"q", "d"}, {"qs"})
                .Op("mm", "MatMul", {"qs", "k"}, {"s"})
                .Op("mul", "Mul", {"s", "m"}, {"y"})
                .Done({"y"});
  LinearPostOpFusionPass pass;
  RunPass(pass, g);
  ASSERT_EQ(Ops(g), (std::vector<std::string>{"MatMul"}));
  EXPECT_EQ(g.nodes()[0]->inputs[0], "q");
  std::vector<PostOp> post_ops;
  ASSERT_TRUE(ParsePostOps(*g.nodes()[0], post_ops).ok());
  ASSERT_EQ(post_ops.size(), 1u);
  EXPECT_EQ(post_ops[0].kind, PostOpKind::kLinear);
  EXPECT_FLOAT_EQ(post_ops[0].alpha, 0.0625f);  // 1/8, then 0.5
  EXPECT_FLOAT_EQ(post_ops[0].beta, 0.f);
  EXPECT_EQ(g.nodes()[0]->outputs[0], "y");
}

// A scalar Mul right after a Conv scales its weights and bias.
TEST(PassesTest, ScalarMulAfterAConvFoldsIntoItsWeights) {
  Graph g = G().In("x", {1, 2, 3, 3})
                .Const("w", {2, 2, 1, 1}, {1, 2, 3, 4})
                .Const("b", {2}, {1, -1})
                .Const("s", {1, 1, 1, 1}, {3.f})
                .Op("conv", "Conv", {"x", "w", "b"}, {"y0"})
                .Op("mul", "Mul", {"y0", "s"}, {"y"})
                .Done({"y"});
  AffineFoldingPass pass;
  RunPass(pass, g);
  ASSERT_EQ(Ops(g), (std::vector<std::string>{"Conv"}));
  auto w = g.FindConstant(g.nodes()[0]->inputs[1])->data->span<float>();
  auto b = g.FindConstant(g.nodes()[0]->inputs[2])->data->span<float>();
  EXPECT_FLOAT_EQ(w[3], 12.f);
  EXPECT_FLOAT_EQ(b[1], -3.f);
}

TEST(PassesTest, MatMulWithConstantWeightsAndBiasBecomesGemm) {
  Graph g = G().In("x", {3, 4})
                .Fill("w", {4, 5}, 1)
                .Fill("b", {5}, 2)
                .Op("mm", "MatMul", {"x", "w"}, {"m"})
                .Op("add", "Add", {"m", "b"}, {"y"})
                .Done({"y"});
  GemmFormationPass pass;
  RunPass(pass, g);
  ASSERT_EQ(Ops(g), (std::vector<std::string>{"Gemm"}));
  EXPECT_EQ(g.nodes()[0]->inputs, (std::vector<std::string>{"x", "w", "b"}));
}

}  // namespace
}  // namespace mint8::ir
