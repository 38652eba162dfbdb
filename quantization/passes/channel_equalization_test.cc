#include "quantization/passes/channel_equalization.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "gtest/gtest.h"
#include "quantization/quantizer.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::quantization {
namespace {

using Ints = std::vector<int64_t>;
using testing::Attrs;

constexpr int64_t kChannels = 8;

// Weights [out, in, k, k] uniform in +-1, output channel o scaled by
// 2^-(o % 4): channels of very different ranges, what equalization evens.
std::vector<float> UnevenWeights(int64_t out, int64_t in, int64_t k, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> uniform(-1.f, 1.f);
  std::vector<float> w(out * in * k * k);
  for (size_t i = 0; i < w.size(); ++i)
    w[i] = uniform(rng) * std::ldexp(1.f, -static_cast<int>((i / (in * k * k)) % 4));
  return w;
}

// x -> Conv(3->8) -> `activation` -> `consumer` ("depthwise" 3x3 or "dense"
// 1x1 to 4 channels) -> Relu -> Conv 1x1 (to 4) -> y.
ir::Graph TwoLayers(const std::string& activation, const std::string& consumer) {
  testing::GraphBuilder b(3);
  b.Input("x", {1, 3, 10, 10}).Floats("w1", {kChannels, 3, 3, 3}, UnevenWeights(kChannels, 3, 3, 1));
  b.Random("b1", {kChannels}, 0.f, 0.2f).Random("w3", {4, consumer == "dense" ? 4 : kChannels, 1, 1});
  b.Node("Conv", {"x", "w1", "b1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  if (activation == "relu6") {
    b.Node("Clip", {"c1"}, {"a1"}, Attrs({{"min", 0.f}, {"max", 6.f}}));
  } else {
    b.Node("Relu", {"c1"}, {"a1"});
  }
  if (consumer == "depthwise") {
    b.Random("w2", {kChannels, 1, 3, 3})
        .Node("Conv", {"a1", "w2"}, {"c2"}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"group", kChannels}}));
  } else {
    b.Random("w2", {4, kChannels, 1, 1}).Node("Conv", {"a1", "w2"}, {"c2"});
  }
  b.Node("Relu", {"c2"}, {"r2"}).Node("Conv", {"r2", "w3"}, {"y"});
  absl::StatusOr<ir::Graph> g = b.Output("y").Build();
  EXPECT_TRUE(g.ok()) << g.status();
  absl::StatusOr<ir::Graph> prepared = PrepareForQuantization(*g, {});
  EXPECT_TRUE(prepared.ok()) << prepared.status();
  return prepared.ok() ? *std::move(prepared) : ir::Graph();
}

CalibrationImages Images(float amplitude) {
  return {16, [amplitude](int64_t i, float* chw) {
            for (int j = 0; j < 3 * 10 * 10; ++j) chw[j] = amplitude * std::sin(0.41f * j + 1.7f * i);
            return absl::OkStatus();
          }};
}

StatisticsMap CalibrateOrDie(const ir::Graph& graph, const CalibrationImages& images) {
  absl::StatusOr<StatisticsMap> stats = Calibrate(graph, images, 4, nullptr);
  EXPECT_TRUE(stats.ok()) << stats.status();
  return stats.ok() ? *std::move(stats) : StatisticsMap();
}

// Largest relative difference of the two graphs' outputs on `images`.
double OutputDifference(const ir::Graph& a, const ir::Graph& b, const CalibrationImages& images) {
  runtime::SessionOptions options;
  options.num_threads = 1;
  auto first = runtime::Session::Create(a, options);
  auto second = runtime::Session::Create(b, options);
  EXPECT_TRUE(first.ok() && second.ok());
  double worst = 0;
  for (int64_t i = 0; i < images.count; ++i) {
    std::vector<std::vector<float>> input(1, std::vector<float>(3 * 10 * 10));
    EXPECT_TRUE(images.load(i, input[0].data()).ok());
    auto x = testing::RunSession(**first, input);
    auto y = testing::RunSession(**second, input);
    EXPECT_TRUE(x.ok() && y.ok());
    worst = std::max(worst, testing::MaxRelativeError(*x, *y));
  }
  return worst;
}

// The producing convolution's output: what equalization rescales.
std::string FirstConvOutput(const ir::Graph& g) {
  for (const auto& node : g.nodes()) {
    if (node->op_type == "Conv") return node->outputs[0];
  }
  return "";
}

TEST(ChannelEqualizationTest, DepthwiseConsumerGetsEveryChannelAtTheLargestRange) {
  const ir::Graph original = TwoLayers("relu", "depthwise");
  ir::Graph g = original;
  const CalibrationImages images = Images(1.f);
  const std::string tensor = FirstConvOutput(g);
  const StatisticsMap before = CalibrateOrDie(g, images);
  const std::vector<float>& ranges = before.at(tensor).channel_abs_max();
  ASSERT_EQ(ranges.size(), static_cast<size_t>(kChannels));
  EXPECT_LT(*std::min_element(ranges.begin(), ranges.end()),
            0.5f * *std::max_element(ranges.begin(), ranges.end()));

  // Equalization needs the candidates' channel ranges only.
  const std::vector<std::string> candidates = EqualizationCandidates(g);
  ASSERT_EQ(candidates, std::vector<std::string>{tensor});
  absl::StatusOr<StatisticsMap> observed = CalibrateTensors(g, images, 4, candidates, nullptr);
  ASSERT_TRUE(observed.ok()) << observed.status();
  EXPECT_EQ(observed->size(), 1u);
  const std::vector<EqualizedTensor> equalized = EqualizeChannels(g, *observed);
  ASSERT_EQ(equalized.size(), 1u);
  EXPECT_EQ(equalized[0].tensor, tensor);
  EXPECT_EQ(equalized[0].channels, kChannels);
  EXPECT_GT(equalized[0].scaled, 0);
  EXPECT_LT(OutputDifference(original, g, Images(3.f)), 1e-5);  // ReLU: the same function everywhere

  const StatisticsMap after = CalibrateOrDie(g, images);
  const std::vector<float>& evened = after.at(tensor).channel_abs_max();
  const float largest = *std::max_element(ranges.begin(), ranges.end());
  for (float r : evened) EXPECT_NEAR(r, largest, 1e-4f * largest);
  // The tensors around it keep their ranges.
  EXPECT_NEAR(after.at(g.outputs()[0]).abs_max(), before.at(g.outputs()[0]).abs_max(), 1e-4);
}

TEST(ChannelEqualizationTest, DenseConsumerIsLeftAlone) {
  ir::Graph g = TwoLayers("relu", "dense");
  EXPECT_TRUE(EqualizationCandidates(g).empty());
  const std::string weights = g.nodes()[0]->inputs[1];
  EXPECT_TRUE(EqualizeChannels(g, CalibrateOrDie(g, Images(1.f))).empty());
  EXPECT_EQ(g.nodes()[0]->inputs[1], weights);
}

TEST(ChannelEqualizationTest, Relu6BetweenTheLayersClipsOnlyBeyondCalibratedValues) {
  const ir::Graph original = TwoLayers("relu6", "depthwise");
  ir::Graph g = original;
  const CalibrationImages images = Images(2.f);
  const StatisticsMap before = CalibrateOrDie(g, images);
  const std::string tensor = FirstConvOutput(g);
  EXPECT_FLOAT_EQ(before.at(tensor).abs_max(), 6.f);  // some channel clips
  const std::vector<EqualizedTensor> equalized = EqualizeChannels(g, before);
  ASSERT_FALSE(equalized.empty());
  EXPECT_EQ(equalized[0].tensor, tensor);
  EXPECT_LT(OutputDifference(original, g, images), 1e-5);
}

TEST(ChannelEqualizationTest, LeavesTensorsItCannotRescale) {
  // The activation is also a graph output.
  {
    ir::Graph g = TwoLayers("relu", "depthwise");
    const std::string tensor = FirstConvOutput(g);
    g.outputs().push_back(tensor);
    const std::vector<EqualizedTensor> equalized = EqualizeChannels(g, CalibrateOrDie(g, Images(1.f)));
    for (const EqualizedTensor& e : equalized) EXPECT_NE(e.tensor, tensor);
    const std::vector<std::string> candidates = EqualizationCandidates(g);
    EXPECT_EQ(std::count(candidates.begin(), candidates.end(), tensor), 0);
  }
  // The activation is read by something other than a convolution (a Sigmoid).
  {
    testing::GraphBuilder b(3);
    b.Input("x", {1, 3, 10, 10}).Floats("w1", {kChannels, 3, 3, 3}, UnevenWeights(kChannels, 3, 3, 1));
    b.Random("w2", {4, kChannels, 1, 1});
    b.Node("Conv", {"x", "w1"}, {"c1"}).Node("Sigmoid", {"c1"}, {"s1"}).Node("Conv", {"s1", "w2"}, {"y"});
    absl::StatusOr<ir::Graph> built = b.Output("y").Build();
    ASSERT_TRUE(built.ok()) << built.status();
    absl::StatusOr<ir::Graph> g = PrepareForQuantization(*built, {});
    ASSERT_TRUE(g.ok()) << g.status();
    const std::vector<EqualizedTensor> equalized = EqualizeChannels(*g, CalibrateOrDie(*g, Images(1.f)));
    EXPECT_TRUE(equalized.empty());
  }
  // Two convolutions share the consumer's weights.
  {
    testing::GraphBuilder b(3);
    b.Input("x", {1, 3, 10, 10}).Floats("w1", {kChannels, 3, 1, 1}, UnevenWeights(kChannels, 3, 1, 1));
    b.Floats("w0", {kChannels, 3, 1, 1}, UnevenWeights(kChannels, 3, 1, 2))
        .Random("w2", {4, kChannels, 1, 1});
    b.Node("Conv", {"x", "w1"}, {"c1"}).Node("Relu", {"c1"}, {"r1"}).Node("Conv", {"r1", "w2"}, {"y1"});
    b.Node("Conv", {"x", "w0"}, {"c0"}).Node("Relu", {"c0"}, {"r0"}).Node("Conv", {"r0", "w2"}, {"y0"});
    absl::StatusOr<ir::Graph> built = b.Output("y1").Output("y0").Build();
    ASSERT_TRUE(built.ok()) << built.status();
    absl::StatusOr<ir::Graph> g = PrepareForQuantization(*built, {});
    ASSERT_TRUE(g.ok()) << g.status();
    const std::vector<EqualizedTensor> equalized = EqualizeChannels(*g, CalibrateOrDie(*g, Images(1.f)));
    EXPECT_TRUE(equalized.empty());
  }
}

}  // namespace
}  // namespace mint8::quantization
