// mint8's SiLU in FP32 plans: after a convolution whose last post-op is SiLU
// (in place over its output), and for a Silu node of its own, when chosen
// (forced here; sessions time it against oneDNN's swish). Outputs agree with
// the reference backend running the ops as written; with oneDNN forced no
// step runs mint8's SiLU.
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::runtime {
namespace {

using testing::Attrs;

// Steps whose implementation includes mint8's SiLU, steps on the reference
// kernels, and the largest relative difference from the reference backend
// over two random inputs.
struct Outcome {
  int silu_steps = 0;
  int reference_steps = 0;  // on mint8's reference kernels
  double difference = 0;
};

Outcome Compare(const ir::Graph& graph, KernelChoice choice) {
  SessionOptions options;
  options.num_threads = 1;
  options.kernel_choice = choice;
  auto session = Session::Create(graph, options);
  EXPECT_TRUE(session.ok()) << session.status();
  options.backend = Backend::kReference;
  options.optimize = false;
  auto reference = Session::Create(graph, options);
  EXPECT_TRUE(reference.ok()) << reference.status();
  Outcome o;
  if (!session.ok() || !reference.ok()) return o;
  for (const PlanStep& step : (*session)->plan().steps) {
    o.silu_steps += step.kernel->implementation().find("mint8_silu") != std::string::npos;
    o.reference_steps += step.kernel->implementation() == "mint8:reference";
  }
  for (uint32_t seed : {1u, 2u}) {
    auto inputs = testing::RandomInputs(**session, seed);
    for (auto& in : inputs) {
      for (float& v : in) v *= 6.f;  // both tails of the sigmoid
    }
    auto got = testing::RunSession(**session, inputs);
    auto want = testing::RunSession(**reference, inputs);
    EXPECT_TRUE(got.ok() && want.ok());
    if (got.ok() && want.ok()) o.difference = std::max(o.difference, testing::MaxRelativeError(*got, *want));
  }
  return o;
}

// x * Sigmoid(x), as PyTorch exports SiLU.
testing::GraphBuilder& Silu(testing::GraphBuilder& b, const std::string& x, const std::string& y) {
  return b.Node("Sigmoid", {x}, {y + "/gate"}).Node("Mul", {x, y + "/gate"}, {y});
}

TEST(OwnSiluTest, ConvolutionsEndingInSiluRunItAfterTheConvolution) {
  testing::GraphBuilder b(5);
  b.Input("x", {1, 8, 9, 11}).Random("w", {24, 8, 3, 3}).Random("bias", {24});
  b.Node("Conv", {"x", "w", "bias"}, {"c"}, Attrs({{"pads", std::vector<int64_t>{1, 1, 1, 1}}}));
  Silu(b, "c", "s");
  b.Random("wd", {24, 1, 3, 3})
      .Node("Conv", {"s", "wd"}, {"d"},
            Attrs({{"pads", std::vector<int64_t>{1, 1, 1, 1}}, {"group", int64_t{24}}}));
  Silu(b, "d", "y").Output("y");
  auto graph = b.Build();
  ASSERT_TRUE(graph.ok()) << graph.status();
  const Outcome own = Compare(*graph, KernelChoice::kMint8);
  EXPECT_EQ(own.silu_steps, 2) << "the plain and the depthwise convolution";
  EXPECT_LT(own.difference, 1e-5);
  const Outcome onednn = Compare(*graph, KernelChoice::kOnednn);
  EXPECT_EQ(onednn.silu_steps, 0);
  EXPECT_LT(onednn.difference, 1e-5);
}

// A SiLU with no convolution before it (a graph input: plain layout, 105
// values, not a whole number of vectors).
TEST(OwnSiluTest, ASiluOfItsOwnRunsMint8sKernel) {
  testing::GraphBuilder b(6);
  b.Input("x", {1, 3, 5, 7});
  Silu(b, "x", "y").Output("y");
  auto graph = b.Build();
  ASSERT_TRUE(graph.ok()) << graph.status();
  const Outcome own = Compare(*graph, KernelChoice::kMint8);
  EXPECT_EQ(own.silu_steps, 1);
  EXPECT_LT(own.difference, 1e-6);
  EXPECT_EQ(Compare(*graph, KernelChoice::kOnednn).silu_steps, 0);
}

// A residual sum after the SiLU (EfficientNetV2's fused blocks) needs the
// SiLU inside the convolution: no mint8 SiLU then. oneDNN's AVX2 FP32
// convolutions take a sum only as the first post-op, so the sum runs as a
// binary add after the convolution, never on the reference kernels.
TEST(OwnSiluTest, ASumAfterTheSiluRunsAsABinaryAdd) {
  testing::GraphBuilder b(7);
  b.Input("x", {1, 24, 10, 10}).Random("w", {24, 24, 3, 3});
  b.Node("Conv", {"x", "w"}, {"c"}, Attrs({{"pads", std::vector<int64_t>{1, 1, 1, 1}}}));
  Silu(b, "c", "s");
  b.Node("Add", {"s", "x"}, {"y"}).Output("y");
  auto graph = b.Build();
  ASSERT_TRUE(graph.ok()) << graph.status();
  const Outcome own = Compare(*graph, KernelChoice::kMint8);
  EXPECT_EQ(own.silu_steps, 0);
  EXPECT_EQ(own.reference_steps, 0);
  EXPECT_LT(own.difference, 1e-5);
}

}  // namespace
}  // namespace mint8::runtime
