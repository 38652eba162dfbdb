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
  EXPECT_EQ(s.range(), 2.0);  // the power of two above the largest |x|
  EXPECT_EQ(s.count(), 4);
  const std::vector<float> b = {3.f};
  ASSERT_TRUE(s.Observe(b.data(), b.size()).ok());
  EXPECT_EQ(s.range(), 4.0);  // doubled
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
  // |x| = 1 fell in the middle bin of range 2; a doubling moves it to the
  // first bin of the second quarter.
  EXPECT_EQ(s.histogram()[TensorStatistics::kBins / 4], 2);
}

// Activations of `images` images: [images, channels, 7, 7], ReLU-like with a
// few outliers, each image's scale different (so ranges grow mid-way).
std::vector<std::vector<float>> Activations(int images, int channels, uint32_t seed) {
  std::mt19937 rng(seed);
  std::exponential_distribution<float> tail(1.f);
  std::uniform_real_distribution<float> uniform(0.f, 1.f);
  std::vector<std::vector<float>> batches;
  for (int i = 0; i < images; ++i) {
    std::vector<float> x(channels * 49);
    const float scale = 0.1f + 3.f * uniform(rng);
    for (float& v : x) v = uniform(rng) < 0.3f ? 0.f : scale * tail(rng) * (uniform(rng) < 0.1f ? -1.f : 1.f);
    batches.push_back(std::move(x));
  }
  return batches;
}

TEST(TensorStatisticsTest, ShardsMergeIntoWhatOnePassOverAllImagesGives) {
  constexpr int kChannels = 5;
  const auto images = Activations(40, kChannels, 7);
  TensorStatistics single;
  for (const auto& x : images) ASSERT_TRUE(single.Observe(x.data(), x.size(), kChannels, 49).ok());
  for (int shards : {2, 3, 7}) {
    // Strided shards (image i in shard i % shards), merged in reverse order.
    std::vector<TensorStatistics> parts(shards);
    for (size_t i = 0; i < images.size(); ++i) {
      ASSERT_TRUE(parts[i % shards].Observe(images[i].data(), images[i].size(), kChannels, 49).ok());
    }
    TensorStatistics merged;
    for (int k = shards - 1; k >= 0; --k) ASSERT_TRUE(merged.Merge(parts[k]).ok());
    EXPECT_EQ(merged.count(), single.count());
    EXPECT_EQ(merged.zeros(), single.zeros());
    EXPECT_EQ(merged.min(), single.min());
    EXPECT_EQ(merged.max(), single.max());
    EXPECT_EQ(merged.range(), single.range());
    EXPECT_EQ(merged.histogram(), single.histogram()) << shards << " shards";
    EXPECT_EQ(merged.channel_abs_max(), single.channel_abs_max());
    for (int c = 0; c < kChannels; ++c) {
      EXPECT_NEAR(merged.ChannelMeans()[c], single.ChannelMeans()[c],
                  1e-12 * std::fabs(single.ChannelMeans()[c]));
    }
    for (CalibrationAlgorithm algorithm : {CalibrationAlgorithm::kMaxAbs, CalibrationAlgorithm::kKl,
                                           CalibrationAlgorithm::kPercentile, CalibrationAlgorithm::kMse}) {
      for (int levels : {128, 256}) {
        EXPECT_EQ(ChooseThreshold(merged, algorithm, levels, 99.99),
                  ChooseThreshold(single, algorithm, levels, 99.99))
            << CalibrationAlgorithmName(algorithm) << ", " << shards << " shards";
      }
    }
  }
}

TEST(TensorStatisticsTest, MergeRefusesOtherChannelCountsAndForeignRanges) {
  const auto images = Activations(2, 4, 3);
  TensorStatistics four, two;
  ASSERT_TRUE(four.Observe(images[0].data(), images[0].size(), 4, 49).ok());
  ASSERT_TRUE(two.Observe(images[1].data(), images[1].size(), 2, 98).ok());
  EXPECT_FALSE(four.Merge(two).ok());
  const TensorStatistics old =
      TensorStatistics::FromParts(4, 0, 0.f, 3.f, 3.0, std::vector<double>(TensorStatistics::kBins, 0.0),
                                  std::vector<double>(4, 0.0), std::vector<float>(4, 0.f));
  const absl::Status status = four.Merge(old);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_NE(status.message().find("power of two"), std::string::npos);
  // Merging into nothing copies; merging nothing changes nothing.
  TensorStatistics empty;
  ASSERT_TRUE(empty.Merge(four).ok());
  EXPECT_EQ(empty.histogram(), four.histogram());
  ASSERT_TRUE(four.Merge(TensorStatistics()).ok());
  EXPECT_EQ(four.count(), empty.count());
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
