#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "quantization/calibration/tensor_statistics.h"
#include "quantization/calibration/thresholds.h"

namespace mint8::quantization {
namespace {

TEST(TensorStatisticsTest, TracksRangeAndGrowsTheHistogram) {
  TensorStatistics s;
  const std::vector<float> a = {-1.f, 0.5f, 0.25f, 1.f};
  ASSERT_TRUE(s.Observe(a.data(), a.size()).ok());
  EXPECT_EQ(s.range(), 1.0);
  EXPECT_EQ(s.count(), 4);
  const std::vector<float> b = {3.f};
  ASSERT_TRUE(s.Observe(b.data(), b.size()).ok());
  EXPECT_EQ(s.range(), 4.0);  // doubled twice
  EXPECT_EQ(s.min(), -1.f);
  EXPECT_EQ(s.max(), 3.f);
  EXPECT_EQ(s.abs_max(), 3.f);
  double total = 0;
  for (double c : s.histogram()) total += c;
  EXPECT_EQ(total, 5);
  const std::vector<float> z = {0.f, 0.f};
  ASSERT_TRUE(s.Observe(z.data(), z.size()).ok());
  EXPECT_EQ(s.zeros(), 2);
  EXPECT_EQ(s.count(), 7);
  // |x| = 1 fell in the last bin of range 1; two doublings move it to the
  // last bin of the first quarter.
  EXPECT_EQ(s.histogram()[TensorStatistics::kBins / 4 - 1], 2);
}

TEST(TensorStatisticsTest, RejectsNanAndInfinity) {
  TensorStatistics s;
  const std::vector<float> bad = {1.f, NAN};
  EXPECT_FALSE(s.Observe(bad.data(), bad.size()).ok());
  const std::vector<float> inf = {INFINITY};
  EXPECT_FALSE(s.Observe(inf.data(), inf.size()).ok());
  EXPECT_EQ(s.count(), 0);
}

TEST(ThresholdsTest, AllZeroTensorGivesZero) {
  TensorStatistics s;
  const std::vector<float> zeros(100, 0.f);
  ASSERT_TRUE(s.Observe(zeros.data(), zeros.size()).ok());
  for (auto a : {CalibrationAlgorithm::kMaxAbs, CalibrationAlgorithm::kKl, CalibrationAlgorithm::kPercentile,
                 CalibrationAlgorithm::kMse}) {
    EXPECT_EQ(ChooseThreshold(s, a, 128, 99.99), 0.0);
  }
}

// A Gaussian body with one far outlier: max-abs keeps the outlier; KL clips
// near the body; MSE clips too, but less (the outlier's squared error weighs
// against 200000 rounding errors); percentile lands where the percentile is.
TEST(ThresholdsTest, OutlierIsClippedByTheStatisticalMethods) {
  std::mt19937 rng(1);
  std::normal_distribution<float> normal(0.f, 1.f);
  std::vector<float> v(200000);
  for (float& x : v) x = normal(rng);
  v[17] = 40.f;
  TensorStatistics s;
  ASSERT_TRUE(s.Observe(v.data(), v.size()).ok());
  EXPECT_FLOAT_EQ(ChooseThreshold(s, CalibrationAlgorithm::kMaxAbs, 128, 0), 40.f);
  const double kl = ChooseThreshold(s, CalibrationAlgorithm::kKl, 128, 0);
  const double mse = ChooseThreshold(s, CalibrationAlgorithm::kMse, 128, 0);
  const double p9999 = ChooseThreshold(s, CalibrationAlgorithm::kPercentile, 128, 99.99);
  EXPECT_GT(kl, 2.5);
  EXPECT_LT(kl, 8.0);
  EXPECT_GT(mse, 2.5);
  EXPECT_LT(mse, 30.0);
  // |x| of a standard normal exceeds 3.89 with probability 1e-4.
  EXPECT_NEAR(p9999, 3.89, 0.15);
}

// KL threshold by the definition, O(bins) per candidate: what the fast
// prefix-sum search must reproduce.
double DirectKlThreshold(const TensorStatistics& stats, int levels) {
  const std::vector<double>& hist = stats.histogram();
  const int bins = TensorStatistics::kBins;
  const double width = stats.range() / bins;
  int last = bins;
  while (last > 0 && hist[last - 1] == 0) --last;
  if (last <= levels) return last * width;
  double best_kl = INFINITY;
  int best = last;
  for (int i = levels; i <= last; ++i) {
    std::vector<double> p(hist.begin(), hist.begin() + i), q(i, 0.0);
    for (int b = i; b < bins; ++b) p[i - 1] += hist[b];
    for (int g = 0; g < levels; ++g) {
      const int begin = g * i / levels, end = (g + 1) * i / levels;
      double mass = 0;
      int nonzero = 0;
      for (int b = begin; b < end; ++b) {
        mass += hist[b];
        nonzero += p[b] != 0;
      }
      for (int b = begin; b < end; ++b) {
        if (p[b] != 0) q[b] = mass / nonzero;
      }
    }
    double sum_p = 0, sum_q = 0, kl = 0;
    for (int b = 0; b < i; ++b) sum_p += p[b], sum_q += q[b];
    if (sum_q <= 0) continue;
    for (int b = 0; b < i; ++b) {
      if (p[b] > 0) kl += p[b] / sum_p * std::log(p[b] / sum_p / std::max(q[b] / sum_q, 1e-10));
    }
    if (kl < best_kl) best_kl = kl, best = i;
  }
  return best * width;
}

TEST(ThresholdsTest, KlSearchMatchesTheDefinition) {
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.f, 1.f);
  std::exponential_distribution<float> exponential(1.f);
  std::uniform_real_distribution<float> uniform(0.f, 1.f);
  const std::vector<std::function<float()>> sources = {
      [&] { return normal(rng); },                                                         // Gaussian
      [&] { return std::max(0.f, normal(rng)); },                                          // after ReLU
      [&] { return exponential(rng) * (uniform(rng) < .5 ? -1 : 1); },                     // heavy tail
      [&] { return uniform(rng) < 0.999f ? 0.01f * uniform(rng) : 50.f * uniform(rng); },  // gaps
      [&] { return std::round(8 * uniform(rng)) / 8; },                                    // few values
  };
  for (size_t k = 0; k < sources.size(); ++k) {
    std::vector<float> v(20000);
    for (float& x : v) x = sources[k]();
    TensorStatistics s;
    ASSERT_TRUE(s.Observe(v.data(), v.size()).ok());
    for (int levels : {128, 64, 255}) {
      EXPECT_NEAR(ChooseThreshold(s, CalibrationAlgorithm::kKl, levels, 0),
                  std::min<double>(DirectKlThreshold(s, levels), s.abs_max()), 1e-9 * s.range())
          << "source " << k << ", " << levels << " levels";
    }
  }
}

TEST(ThresholdsTest, ParsesAlgorithmNames) {
  EXPECT_EQ(*ParseCalibrationAlgorithm("kl"), CalibrationAlgorithm::kKl);
  EXPECT_EQ(*ParseCalibrationAlgorithm("mse"), CalibrationAlgorithm::kMse);
  EXPECT_FALSE(ParseCalibrationAlgorithm("minmax").ok());
  EXPECT_EQ(CalibrationAlgorithmName(CalibrationAlgorithm::kPercentile), "percentile");
}

}  // namespace
}  // namespace mint8::quantization
