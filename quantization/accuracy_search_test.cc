#include "quantization/accuracy_search.h"

#include <algorithm>
#include <cmath>

#include "gtest/gtest.h"
#include "quantization/calibration/calibrator.h"
#include "quantization/mode_selection.h"
#include "tests/graph_builder.h"

namespace mint8::quantization {
namespace {

using Ints = std::vector<int64_t>;

// Four conv-relu layers, global pooling, gemm to 10 close classes.
ir::Graph Classifier() {
  testing::GraphBuilder b;
  b.Input("x", {1, 3, 12, 12});
  std::string in = "x";
  int64_t channels = 3;
  for (int i = 1; i <= 4; ++i) {
    const std::string n = std::to_string(i);
    b.Random("w" + n, {16, channels, 3, 3}, -0.5f, 0.5f).Random("b" + n, {16}, -0.1f, 0.1f);
    b.Node("Conv", {in, "w" + n, "b" + n}, {"c" + n}, testing::Attrs({{"pads", Ints{1, 1, 1, 1}}}));
    b.Node("Relu", {"c" + n}, {"r" + n});
    in = "r" + n;
    channels = 16;
  }
  b.Random("wf", {10, 16}, -0.3f, 0.3f);
  b.Node("GlobalAveragePool", {in}, {"p"}).Node("Flatten", {"p"}, {"f"});
  b.Node("Gemm", {"f", "wf"}, {"y"}, testing::Attrs({{"transB", int64_t{1}}}));
  absl::StatusOr<ir::Graph> g = b.Output("y").Build();
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? *std::move(g) : ir::Graph();
}

// Calibrated on dimmer images than it is tuned on, the INT8 model clips and
// changes some predictions: there is something to search for.
CalibrationImages Images(int64_t count, int seed, float amplitude) {
  return {count, [seed, amplitude](int64_t i, float* chw) {
            for (int j = 0; j < 3 * 12 * 12; ++j) {
              chw[j] = amplitude *
                       (std::sin(0.91f * j * (1 + i % 5) + 1.7f * i + seed) + 0.3f * std::cos(0.05f * j * i));
            }
            return absl::OkStatus();
          }};
}

int64_t Argmax(const std::vector<float>& v) { return std::max_element(v.begin(), v.end()) - v.begin(); }

class AccuracySearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto prepared = PrepareForQuantization(Classifier(), {});
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    prepared_ = *std::move(prepared);
    auto stats = Calibrate(prepared_, Images(8, 0, 0.4f), 4, nullptr);
    ASSERT_TRUE(stats.ok()) << stats.status();
    stats_ = *std::move(stats);
    tuning_.images = Images(60, 1, 1.f);
    auto fp32 = RunFirstOutput(prepared_, tuning_.images);
    ASSERT_TRUE(fp32.ok()) << fp32.status();
    fp32_ = *std::move(fp32);
  }

  // Agreement of the model quantized with `fp32_layers` kept FP32, checked
  // apart from the search.
  double Agreement(const std::vector<std::string>& fp32_layers) {
    QuantizerOptions o;
    o.exclude_nodes.insert(fp32_layers.begin(), fp32_layers.end());
    auto q = QuantizeWithStatistics(prepared_, stats_, o, nullptr);
    EXPECT_TRUE(q.ok()) << q.status();
    auto got = RunFirstOutput(*q, tuning_.images);
    EXPECT_TRUE(got.ok()) << got.status();
    return CompareOutputs(*got, fp32_).second;
  }

  ir::Graph prepared_;
  StatisticsMap stats_;
  TuningImages tuning_;
  std::vector<std::vector<float>> fp32_;
};

// Needs exactly layers b and e of eight (ranked a..h).
TEST(FewestLayersMeetingTest, BisectsThenDropsTheLayersItCanDoWithout) {
  const std::vector<std::string> ranked = {"a", "b", "c", "d", "e", "f", "g", "h"};
  int tests = 0;
  auto meets = [&tests](const std::vector<std::string>& layers) -> absl::StatusOr<bool> {
    ++tests;
    const bool b = std::count(layers.begin(), layers.end(), "b") > 0;
    return b && std::count(layers.begin(), layers.end(), "e") > 0;
  };
  auto chosen = FewestLayersMeeting(ranked, meets);
  ASSERT_TRUE(chosen.ok()) << chosen.status();
  EXPECT_EQ(*chosen, (std::vector<std::string>{"b", "e"}));
  EXPECT_EQ(tests, 3 + 4);  // bisection of 8, then a, b, c, d tried without
}

TEST(FewestLayersMeetingTest, PassesOnAFailedTest) {
  auto chosen =
      FewestLayersMeeting({"a", "b", "c"}, [](const std::vector<std::string>&) -> absl::StatusOr<bool> {
        return absl::InternalError("run failed");
      });
  EXPECT_TRUE(absl::IsInternal(chosen.status())) << chosen.status();
}

TEST_F(AccuracySearchTest, KeepsNothingFp32WhenInt8MeetsTheBudget) {
  const double all_int8 = Agreement({});
  auto found = SearchFp32Fallback(prepared_, stats_, {}, tuning_, {AccuracyBudget::kMinAgreement, all_int8});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_TRUE(found->fp32_layers.empty());
  ASSERT_EQ(found->candidates.size(), 1u);
  EXPECT_TRUE(found->candidates[0].meets);
  EXPECT_DOUBLE_EQ(found->candidates[0].agreement, all_int8);
}

TEST_F(AccuracySearchTest, FindsLayersThatMeetAnAgreementBudget) {
  const double all_int8 = Agreement({});
  ASSERT_LT(all_int8, 100.0) << "the test needs an INT8 model that changes some predictions";
  auto found = SearchFp32Fallback(prepared_, stats_, {}, tuning_, {AccuracyBudget::kMinAgreement, 100.0});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_FALSE(found->fp32_layers.empty());
  EXPECT_LT(found->fp32_layers.size(), 5u);  // not every compute layer: the budget was met with fewer
  EXPECT_EQ(Agreement(found->fp32_layers), 100.0);
  EXPECT_FALSE(found->candidates[0].meets);  // all INT8 first
  EXPECT_GT(found->candidates.size(), 2u);
}

TEST_F(AccuracySearchTest, MeetsATop1BudgetOnLabels) {
  tuning_.labels.clear();
  for (const auto& out : fp32_) tuning_.labels.push_back((Argmax(out) + 1) % 10);  // some right, most wrong
  for (int i = 0; i < 20; ++i) tuning_.labels[i] = Argmax(fp32_[i]);
  auto found = SearchFp32Fallback(prepared_, stats_, {}, tuning_, {AccuracyBudget::kMaxTop1Drop, 0.0});
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_NEAR(found->fp32_top1, 100.0 * 20 / 60, 1e-9);
  const auto chosen =
      std::find_if(found->candidates.rbegin(), found->candidates.rend(),
                   [&](const CandidateResult& c) { return c.fp32_layers == found->fp32_layers; });
  ASSERT_NE(chosen, found->candidates.rend());
  EXPECT_TRUE(chosen->meets);
  EXPECT_LE(chosen->top1_drop, 0.0);
}

TEST_F(AccuracySearchTest, RejectsATop1BudgetWithoutLabels) {
  auto found = SearchFp32Fallback(prepared_, stats_, {}, tuning_, {AccuracyBudget::kMaxTop1Drop, 0.5});
  EXPECT_TRUE(absl::IsInvalidArgument(found.status())) << found.status();
  EXPECT_NE(found.status().message().find("label"), std::string::npos) << found.status();
}

}  // namespace
}  // namespace mint8::quantization

namespace mint8::quantization {
namespace {

TEST_F(AccuracySearchTest, SplitSearchCandidatesSpanAllInt8ToEveryLayerFp32) {
  const AccuracyBudget budget{AccuracyBudget::kMinAgreement, 100.0};
  std::vector<CandidateResult> candidates;
  for (int k = 0; k < 4; ++k) {
    auto c = MeasureFallbackCandidate(prepared_, stats_, {}, tuning_, budget, k, 4, nullptr);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_EQ(c->agreement, Agreement(c->fp32_layers));  // measured as the serial search measures
    candidates.push_back(*std::move(c));
  }
  EXPECT_TRUE(candidates[0].fp32_layers.empty());
  for (int k = 1; k < 4; ++k)
    EXPECT_GE(candidates[k].fp32_layers.size(), candidates[k - 1].fp32_layers.size());
  // The last candidate keeps every ranked layer FP32, and each candidate's
  // layers are the first of the next one's (one ranking in every task).
  for (int k = 1; k < 3; ++k) {
    EXPECT_TRUE(std::equal(candidates[k].fp32_layers.begin(), candidates[k].fp32_layers.end(),
                           candidates[k + 1].fp32_layers.begin()));
  }
  ASSERT_FALSE(candidates[0].meets) << "the test needs an INT8 model that changes some predictions";
  absl::StatusOr<CandidateResult> picked = PickFallbackCandidate(candidates, budget);
  ASSERT_TRUE(picked.ok()) << picked.status();
  EXPECT_TRUE(picked->meets);
  for (const CandidateResult& c : candidates) {
    if (c.meets) {
      EXPECT_GE(c.fp32_layers.size(), picked->fp32_layers.size());
    }
  }
  // Nothing meets an impossible budget: the error names the closest candidate.
  std::vector<CandidateResult> missing(candidates.begin(), candidates.begin() + 1);
  absl::StatusOr<CandidateResult> none = PickFallbackCandidate(missing, budget);
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("closest"), std::string::npos) << none.status();
  EXPECT_FALSE(MeasureFallbackCandidate(prepared_, stats_, {}, tuning_, budget, 4, 4, nullptr).ok());
  EXPECT_FALSE(MeasureFallbackCandidate(prepared_, stats_, {}, tuning_, budget, 0, 1, nullptr).ok());

  // The ranking split in three and sorted together is the whole ranking, and
  // a candidate given it keeps the layers it would have ranked itself.
  auto whole = RankLayerSensitivity(prepared_, stats_, {}, tuning_.images);
  ASSERT_TRUE(whole.ok()) << whole.status();
  std::vector<LayerSensitivity> joined;
  for (int k = 0; k < 3; ++k) {
    auto part = RankLayerSensitivity(prepared_, stats_, {}, tuning_.images, k, 3);
    ASSERT_TRUE(part.ok()) << part.status();
    joined.insert(joined.end(), part->begin(), part->end());
  }
  SortLayerRanking(joined);
  ASSERT_EQ(joined.size(), whole->size());
  for (size_t i = 0; i < joined.size(); ++i) {
    EXPECT_EQ(joined[i].node, (*whole)[i].node);
    EXPECT_EQ(joined[i].relative_error, (*whole)[i].relative_error);
  }
  auto given = MeasureFallbackCandidate(prepared_, stats_, {}, tuning_, budget, 2, 4, &joined);
  ASSERT_TRUE(given.ok()) << given.status();
  EXPECT_EQ(given->fp32_layers, candidates[2].fp32_layers);
}

}  // namespace
}  // namespace mint8::quantization
