#include <cmath>
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
  for (auto a : {CalibrationAlgorithm::kMaxAbs, CalibrationAlgorithm::kKl,
                 CalibrationAlgorithm::kPercentile, CalibrationAlgorithm::kMse}) {
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

TEST(ThresholdsTest, ParsesAlgorithmNames) {
  EXPECT_EQ(*ParseCalibrationAlgorithm("kl"), CalibrationAlgorithm::kKl);
  EXPECT_EQ(*ParseCalibrationAlgorithm("mse"), CalibrationAlgorithm::kMse);
  EXPECT_FALSE(ParseCalibrationAlgorithm("minmax").ok());
  EXPECT_EQ(CalibrationAlgorithmName(CalibrationAlgorithm::kPercentile), "percentile");
}

}  // namespace
}  // namespace mint8::quantization
