#include "kernels/x86/value_statistics.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace mint8::x86 {
namespace {

constexpr int kBins = 2048;

uint32_t Bits(float f) {
  uint32_t b;
  std::memcpy(&b, &f, sizeof b);
  return b;
}

// Values of every kind calibration sees: ReLU zeros (of both signs),
// saturated repeats, tiny and large magnitudes.
std::vector<float> Values(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.f, 3.f);
  std::vector<float> x(n);
  for (int64_t i = 0; i < n; ++i) {
    switch (rng() % 6) {
      case 0:
        x[i] = 0.f;
        break;
      case 1:
        x[i] = -0.f;
        break;
      case 2:
        x[i] = 6.f;
        break;
      case 3:
        x[i] = normal(rng) * 1e-6f;
        break;
      default:
        x[i] = normal(rng);
        break;
    }
  }
  return x;
}

TEST(ValueStatisticsTest, ReferenceSummarizesAndCounts) {
  const std::vector<float> x = {1.f, -2.f, 0.f, 3.5f, -0.f, 3.9f};
  const ValueSummary s = SummarizeValuesReference(x.data(), x.size());
  EXPECT_EQ(s.lo, -2.f);
  EXPECT_EQ(s.hi, 3.9f);
  EXPECT_DOUBLE_EQ(s.sum, 1.0 - 2.0 + 3.5 + static_cast<double>(3.9f));
  EXPECT_TRUE(s.finite);
  // Four bins over [0, 4): 1 -> 1, 2 -> 2, 3.5 and 3.9 -> 3; zeros apart.
  std::vector<uint32_t> counts(kValueHistogramTables * 4, 0);
  EXPECT_EQ(CountBinsReference(x.data(), x.size(), 1.f, 4, counts.data()), 2);
  std::vector<uint32_t> merged(4, 0);
  for (int t = 0; t < kValueHistogramTables; ++t) {
    for (int b = 0; b < 4; ++b) merged[b] += counts[t * 4 + b];
  }
  EXPECT_EQ(merged, (std::vector<uint32_t>{2, 1, 1, 2}));  // bin 0 holds the two zeros
  // Larger than the last bin's edge: the last bin.
  const float big = 100.f;
  EXPECT_EQ(CountBinsReference(&big, 1, 1.f, 4, counts.data()), 0);
  EXPECT_EQ(counts[3], 1u);
}

TEST(ValueStatisticsTest, ReferenceFindsNonFiniteValues) {
  for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                    -std::numeric_limits<float>::infinity()}) {
    std::vector<float> x = Values(37, 1);
    x[20] = bad;
    EXPECT_FALSE(SummarizeValuesReference(x.data(), x.size()).finite) << bad;
  }
  // NaN is ignored by min and max.
  const float nan_first[] = {std::numeric_limits<float>::quiet_NaN(), 2.f, -1.f};
  const ValueSummary s = SummarizeValuesReference(nan_first, 3);
  EXPECT_EQ(s.lo, -1.f);
  EXPECT_EQ(s.hi, 2.f);
}

void ExpectSameSummary(const ValueSummary& got, const ValueSummary& want, const std::string& what) {
  EXPECT_EQ(Bits(got.lo), Bits(want.lo)) << what;
  EXPECT_EQ(Bits(got.hi), Bits(want.hi)) << what;
  EXPECT_EQ(got.finite, want.finite) << what;
  if (want.finite) {  // else a NaN or an infinity either way
    EXPECT_EQ(got.sum, want.sum) << what;
  }
}

TEST(ValueStatisticsTest, Avx2EqualsReferenceBitForBit) {
  if (!IsaAvailable(Isa::kAvx2))
    GTEST_SKIP() << "AVX2 not built in or not on this CPU: " << IsaName(BestAvailableIsa());
  for (int64_t n : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 100, 1001, 12544}) {
    for (uint32_t seed : {1u, 2u}) {
      std::vector<float> x = Values(n, seed * 1000 + static_cast<uint32_t>(n));
      const std::string what = "n=" + std::to_string(n) + " seed=" + std::to_string(seed);
      ExpectSameSummary(SummarizeValues(x.data(), n, Isa::kAvx2), SummarizeValuesReference(x.data(), n),
                        what);
      for (float per_bin : {kBins / 6.f, kBins / 1e-5f, 1.f}) {
        std::vector<uint32_t> want(kValueHistogramTables * kBins, 0), got(want);
        EXPECT_EQ(CountBins(x.data(), n, per_bin, kBins, got.data(), Isa::kAvx2),
                  CountBinsReference(x.data(), n, per_bin, kBins, want.data()))
            << what;
        EXPECT_EQ(got, want) << what << " per_bin=" << per_bin;
      }
      if (n > 0) {  // a NaN or infinity in the vector part and in the tail
        for (int64_t at : {int64_t{0}, n - 1}) {
          x[at] = at == 0 ? std::numeric_limits<float>::quiet_NaN() : -std::numeric_limits<float>::infinity();
          ExpectSameSummary(SummarizeValues(x.data(), n, Isa::kAvx2), SummarizeValuesReference(x.data(), n),
                            what + " non-finite at " + std::to_string(at));
        }
      }
    }
  }
}

}  // namespace
}  // namespace mint8::x86
