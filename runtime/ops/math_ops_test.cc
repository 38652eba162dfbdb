// The elementwise math ops, Pow with a constant exponent and LayerNormalization
// over the last dimension: on oneDNN where mint8 lowers them there, equal to
// the reference backend and to the formula.
#include <cmath>
#include <functional>

#include "gtest/gtest.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::runtime {
namespace {

using testing::Attrs;

struct Compiled {
  std::unique_ptr<Session> onednn, reference;
};

Compiled Compile(const ir::Graph& g) {
  SessionOptions reference_options;
  reference_options.backend = Backend::kReference;
  auto a = Session::Create(g, {});
  auto b = Session::Create(g, reference_options);
  EXPECT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(b.ok()) << b.status();
  return {a.ok() ? std::move(*a) : nullptr, b.ok() ? std::move(*b) : nullptr};
}

// Positive inputs (Log, Sqrt, Pow with fractional exponents).
std::vector<std::vector<float>> PositiveInputs(const Session& s) {
  auto inputs = testing::RandomInputs(s, 5);
  for (auto& in : inputs) {
    for (float& v : in) v = std::fabs(v) + 0.1f;
  }
  return inputs;
}

void ExpectOnOnednnAndClose(const Compiled& c, const std::function<float(float)>& formula, bool on_onednn) {
  ASSERT_TRUE(c.onednn && c.reference);
  EXPECT_EQ(c.onednn->plan().steps.back().note.empty(), on_onednn) << c.onednn->plan().steps.back().note;
  const auto inputs = PositiveInputs(*c.onednn);
  auto a = testing::RunSession(*c.onednn, inputs);
  auto r = testing::RunSession(*c.reference, inputs);
  ASSERT_TRUE(a.ok() && r.ok());
  for (size_t i = 0; i < inputs[0].size(); ++i) {
    const float want = formula(inputs[0][i]);
    // oneDNN's vectorized exp/log are within a few ulps of 1.
    EXPECT_NEAR((*a)[0][i], want, 1e-5f * (1 + std::fabs(want))) << i;
    EXPECT_NEAR((*r)[0][i], want, 1e-6f * (1 + std::fabs(want))) << i;
  }
}

void Unary(const char* op, const std::function<float(float)>& formula, bool on_onednn) {
  testing::GraphBuilder b;
  b.Input("x", {2, 3, 4, 5}).Node(op, {"x"}, {"y"}).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  SCOPED_TRACE(op);
  ExpectOnOnednnAndClose(Compile(*g), formula, on_onednn);
}

TEST(MathOpsTest, UnaryOpsMatchTheirFormulas) {
  Unary(
      "Sqrt", [](float x) { return std::sqrt(x); }, true);
  Unary(
      "Exp", [](float x) { return std::exp(x); }, true);
  Unary(
      "Log", [](float x) { return std::log(x); }, true);
  Unary(
      "Neg", [](float x) { return -x; }, true);
  Unary(
      "Reciprocal", [](float x) { return 1 / x; }, true);
  Unary(
      "Erf", [](float x) { return std::erf(x); }, false);
  Unary(
      "Gelu", [](float x) { return 0.5f * x * (1 + std::erf(x / std::sqrt(2.f))); }, true);
  Unary(
      "Silu", [](float x) { return x / (1 + std::exp(-x)); }, true);
}

// LayerNorm written out as PaddlePaddle exports it: mint8 fuses it into one
// LayerNormalization on oneDNN, equal to the unfused ops on the reference.
TEST(MathOpsTest, DecomposedLayerNormFusesAndMatchesItsParts) {
  testing::GraphBuilder b(6);
  b.Input("x", {1, 12, 24}).Floats("two", {}, {2.f}).Floats("eps", {}, {1e-5f});
  b.Random("gamma", {24}, 0.5f, 1.5f).Random("beta", {24});
  const ir::Attributes last = Attrs({{"axes", std::vector<int64_t>{-1}}, {"keepdims", int64_t{1}}});
  b.Node("ReduceMean", {"x"}, {"mean"}, last).Node("Sub", {"x", "mean"}, {"d"});
  b.Node("Pow", {"d", "two"}, {"sq"}).Node("ReduceMean", {"sq"}, {"var"}, last);
  b.Node("Add", {"var", "eps"}, {"ve"}).Node("Sqrt", {"ve"}, {"std"}).Node("Div", {"d", "std"}, {"n"});
  b.Node("Mul", {"n", "gamma"}, {"scaled"}).Node("Add", {"scaled", "beta"}, {"y"}).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  std::unique_ptr<Session> fused;
  absl::StatusOr<double> difference =
      testing::BackendDifference(*g, 7, &fused, testing::Optimization::kOnednnOnly);
  ASSERT_TRUE(difference.ok()) << difference.status();
  EXPECT_LT(*difference, 1e-5);
  EXPECT_TRUE(testing::RunsOnOnednn(*fused, "LayerNormalization"));
  EXPECT_EQ(fused->plan().steps.size(), 1u);
}

// Pre-activation BatchNormalization (after a Concat, not foldable): as
// written, oneDNN's batch normalization with the model's statistics;
// optimized, a depthwise 1x1 convolution with the ReLU after it fused.
TEST(MathOpsTest, UnfoldedBatchNormRunsOnOnednn) {
  testing::GraphBuilder b(8);
  b.Input("x", {1, 16, 6, 6}).Input("z", {1, 16, 6, 6});
  b.Random("g", {32}, 0.5f, 1.5f).Random("be", {32}).Random("m", {32}).Random("v", {32}, 0.5f, 2.f);
  b.Node("Concat", {"x", "z"}, {"c"}, Attrs({{"axis", int64_t{1}}}));
  b.Node("BatchNormalization", {"c", "g", "be", "m", "v"}, {"n"}, Attrs({{"epsilon", 1e-3f}}));
  b.Node("Relu", {"n"}, {"y"}).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  for (auto optimization : {testing::Optimization::kNeither, testing::Optimization::kOnednnOnly}) {
    const bool optimized = optimization == testing::Optimization::kOnednnOnly;
    SCOPED_TRACE(optimized);
    std::unique_ptr<Session> onednn;
    absl::StatusOr<double> difference = testing::BackendDifference(*g, 4, &onednn, optimization);
    ASSERT_TRUE(difference.ok()) << difference.status();
    EXPECT_LT(*difference, 1e-5);
    EXPECT_EQ(testing::RunsOnOnednn(*onednn, "BatchNormalization"), !optimized);
    EXPECT_EQ(testing::RunsOnOnednn(*onednn, "Conv"), optimized);
    EXPECT_EQ(testing::RunsOnOnednn(*onednn, "Eltwise") || testing::RunsOnOnednn(*onednn, "Relu"),
              !optimized);
  }
}

// Swin's attention mask: a 5-D Add broadcasting over a middle dimension,
// which oneDNN 2.6 runs only in reference code, runs on its JIT code with
// the dimensions merged; also with the mask constant.
TEST(MathOpsTest, FiveDimensionalBroadcastAddRunsOnOnednn) {
  for (bool constant_mask : {false, true}) {
    SCOPED_TRACE(constant_mask);
    testing::GraphBuilder b(8);
    b.Input("x", {1, 4, 3, 7, 7});
    if (constant_mask) {
      b.Random("mask", {4, 1, 7, 7});
    } else {
      b.Input("mask", {4, 1, 7, 7});
    }
    b.Node("Add", {"x", "mask"}, {"y"}).Output("y");
    auto g = b.Build();
    ASSERT_TRUE(g.ok()) << g.status();
    std::unique_ptr<Session> onednn;
    absl::StatusOr<double> difference =
        testing::BackendDifference(*g, 4, &onednn, testing::Optimization::kNeither);
    ASSERT_TRUE(difference.ok()) << difference.status();
    EXPECT_EQ(*difference, 0.0);
    EXPECT_TRUE(testing::RunsOnOnednn(*onednn, "Binary"));
  }
}

TEST(MathOpsTest, PowWithAConstantExponentRunsOnOnednn) {
  for (float e : {2.f, 0.5f, 3.f}) {
    testing::GraphBuilder b;
    b.Input("x", {1, 8, 6}).Floats("e", {}, {e}).Node("Pow", {"x", "e"}, {"y"}).Output("y");
    auto g = b.Build();
    ASSERT_TRUE(g.ok()) << g.status();
    ExpectOnOnednnAndClose(
        Compile(*g), [e](float x) { return std::pow(x, e); }, true);
  }
}

TEST(MathOpsTest, LayerNormOverTheLastDimRunsOnOnednn) {
  testing::GraphBuilder b(4);
  b.Input("x", {2, 7, 16}).Random("scale", {16}, 0.5f, 1.5f).Random("bias", {16});
  b.Node("LayerNormalization", {"x", "scale", "bias"}, {"y"}, Attrs({{"epsilon", 1e-5f}})).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  Compiled c = Compile(*g);
  ASSERT_TRUE(c.onednn && c.reference);
  EXPECT_EQ(c.onednn->plan().steps.back().note, "");
  const auto inputs = testing::RandomInputs(*c.onednn, 2);
  auto a = testing::RunSession(*c.onednn, inputs);
  auto r = testing::RunSession(*c.reference, inputs);
  ASSERT_TRUE(a.ok() && r.ok());
  EXPECT_LT(testing::MaxRelativeError(*a, *r), 1e-5);
  // Each row of the reference output, unscaled, has mean 0 and variance 1.
  const float* scale = g->FindConstant("scale")->data->data<float>();
  const float* bias = g->FindConstant("bias")->data->data<float>();
  double sum = 0, squares = 0;
  for (int i = 0; i < 16; ++i) {
    const double v = ((*r)[0][i] - bias[i]) / scale[i];
    sum += v;
    squares += v * v;
  }
  EXPECT_NEAR(sum / 16, 0, 1e-5);
  EXPECT_NEAR(squares / 16, 1, 1e-3);
}

}  // namespace
}  // namespace mint8::runtime
