// SiluF32 against SiluReference (every variant this CPU runs, bit for bit, in
// place and out of place, every tail length, several threads), and the
// references against the C library's exp.
#include "kernels/x86/activation.h"

#include <omp.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/x86/vector_math.h"

namespace mint8::x86 {
namespace {

TEST(VectorMathTest, ExpIsCloseToTheLibrarys) {
  double worst = 0;
  for (float x = -87.f; x <= 87.f; x += 0.0137f) {
    worst = std::max(worst, std::fabs(ExpReference(x) / std::exp(static_cast<double>(x)) - 1));
  }
  EXPECT_LT(worst, 1e-6);
}

TEST(VectorMathTest, SiluIsCloseToTheFormulaAndExactAtItsEnds) {
  double worst = 0;
  for (float v = -30.f; v <= 30.f; v += 0.00917f) {
    const double want = v / (1.0 + std::exp(-static_cast<double>(v)));
    worst = std::max(worst, std::fabs(SiluReference(v) - want) / std::max(std::fabs(want), 1e-3));
  }
  EXPECT_LT(worst, 1e-6);
  EXPECT_EQ(SiluReference(0.f), 0.f);
  EXPECT_EQ(SiluReference(100.f), 100.f);
  EXPECT_LE(SiluReference(-200.f), 0.f);
  EXPECT_GE(SiluReference(-200.f), -1e-30f);
}

// Ordinary activations, both clamp ends of e^-v and past them, zeros and
// tiny values.
std::vector<float> Inputs(int64_t n, std::mt19937& rng) {
  const float special[] = {0.f,   -0.f,   86.99f,  87.f, 87.01f, -87.f, -87.01f, 1e4f,
                           -1e4f, 1e-30f, -1e-30f, 0.5f, -0.5f,  3.f,   -3.f,    20.f};
  std::uniform_real_distribution<float> value(-12.f, 12.f);
  std::vector<float> x(n);
  for (int64_t i = 0; i < n; ++i) x[i] = i % 5 == 0 ? special[(i / 5) % 16] : value(rng);
  return x;
}

void ExpectReference(const std::vector<float>& x, const std::vector<float>& y, Isa isa) {
  for (size_t i = 0; i < x.size(); ++i) {
    ASSERT_EQ(y[i], SiluReference(x[i]))
        << IsaName(isa) << " at " << i << " of " << x.size() << ", x = " << x[i];
  }
}

class SiluVariantTest : public ::testing::TestWithParam<Isa> {};

TEST_P(SiluVariantTest, MatchesTheReferenceBitForBitAtEveryLength) {
  const Isa isa = GetParam();
  if (!IsaAvailable(isa)) GTEST_SKIP() << IsaName(isa) << " is not built in or this CPU lacks it";
  std::mt19937 rng(7);
  for (int64_t n : {1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 31, 33, 40, 1000, 4099}) {
    auto silu = SiluF32::Create(n, isa);
    ASSERT_TRUE(silu.ok()) << silu.status();
    ASSERT_EQ((*silu)->isa(), isa);
    const std::vector<float> x = Inputs(n, rng);
    // A guard value after the end: the masked tail must not write it.
    std::vector<float> y(n + 1, 42.f);
    (*silu)->Run(x.data(), y.data());
    EXPECT_EQ(y[n], 42.f) << "n = " << n;
    y.pop_back();
    ExpectReference(x, y, isa);
    std::vector<float> in_place = x;
    (*silu)->Run(in_place.data(), in_place.data());
    ExpectReference(x, in_place, isa);
  }
}

TEST_P(SiluVariantTest, ThreadsSplitTheValuesWithoutGapsOrOverlap) {
  const Isa isa = GetParam();
  if (!IsaAvailable(isa)) GTEST_SKIP() << IsaName(isa) << " is not built in or this CPU lacks it";
  std::mt19937 rng(11);
  const int64_t n = 3 * 16384 + 13;
  const std::vector<float> x = Inputs(n, rng);
  auto silu = SiluF32::Create(n, isa);
  ASSERT_TRUE(silu.ok());
  const int threads = omp_get_max_threads();
  omp_set_num_threads(3);
  std::vector<float> y(n, std::numeric_limits<float>::quiet_NaN());
  (*silu)->Run(x.data(), y.data());
  omp_set_num_threads(threads);
  ExpectReference(x, y, isa);
}

INSTANTIATE_TEST_SUITE_P(Isas, SiluVariantTest, ::testing::Values(Isa::kGeneric, Isa::kAvx2),
                         [](const auto& info) { return std::string(IsaName(info.param)); });

// Within Abramowitz and Stegun's erf error of 0.5 v (1 + erf(v / sqrt 2)),
// and exact where GELU is 0 or v.
TEST(VectorMathTest, GeluIsCloseToTheFormulaAndExactAtItsEnds) {
  double worst = 0;
  for (float v = -12.f; v <= 12.f; v += 0.001f) {
    const double want = 0.5 * v * (1.0 + std::erf(v / std::sqrt(2.0)));
    worst = std::max(worst, std::fabs(GeluReference(v) - want) / std::max(std::fabs(v), 1.f));
  }
  EXPECT_LT(worst, 4e-7);
  EXPECT_EQ(GeluReference(0.f), 0.f);
  EXPECT_EQ(GeluReference(100.f), 100.f);
  EXPECT_LE(GeluReference(-100.f), 0.f);
  EXPECT_GE(GeluReference(-100.f), -1e-30f);
}

TEST(SiluTest, RejectsAnEmptyTensor) {
  EXPECT_EQ(SiluF32::Create(0, Isa::kAvx2).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ActivationQuantizeTest, ReferenceQuantizesRoundsHalfToEvenAndSaturates) {
  ActivationQuantizeParams p;
  p.multiplier = 1.f / 0.05f;
  p.zero_point = 10;
  EXPECT_EQ(ActivationQuantizeReference(p, 0.f), 10);
  EXPECT_EQ(ActivationQuantizeReference(p, 1.f), 10 + 15);  // SiLU(1) = 0.7311 -> 14.62
  EXPECT_EQ(ActivationQuantizeReference(p, -1.f), 10 - 5);  // -0.2689 -> -5.38
  EXPECT_EQ(ActivationQuantizeReference(p, 50.f), 255);
  p.dst_signed = true;
  EXPECT_EQ(ActivationQuantizeReference(p, 50.f), 127);
  p.multiplier = 1.f;
  p.zero_point = 0;
  p.high = 3.f;  // a narrowed range
  EXPECT_EQ(ActivationQuantizeReference(p, 20.f), 3);
  p.low = -1.f;
  p.multiplier = 100.f;
  EXPECT_EQ(ActivationQuantizeReference(p, -1.f), -1);
}

class ActivationQuantizeVariantTest : public ::testing::TestWithParam<Isa> {};

TEST_P(ActivationQuantizeVariantTest, MatchesTheReferenceBitForBit) {
  const Isa isa = GetParam();
  if (!IsaAvailable(isa)) GTEST_SKIP() << IsaName(isa) << " is not built in or this CPU lacks it";
  std::mt19937 rng(13);
  constexpr auto kSilu = QuantizedActivation::kSilu, kGelu = QuantizedActivation::kGelu;
  const ActivationQuantizeParams forms[] = {
      {0, kSilu, 1.f / 0.04f, -1e9f, 1e9f, 12, false},  // u8 with a zero point
      {0, kSilu, 1.f / 0.03f, -1e9f, 1e9f, -3, true},   // s8
      {0, kSilu, 1.f / 0.1f, -4.f, 60.f, 5, false},     // a narrowed range
      {0, kGelu, 1.f / 0.04f, -1e9f, 1e9f, 12, false}, {0, kGelu, 1.f / 0.03f, -1e9f, 1e9f, -3, true},
      {0, kGelu, 1.f / 0.1f, -4.f, 60.f, 5, false},
  };
  for (const ActivationQuantizeParams& form : forms) {
    for (int64_t n : {1, 7, 8, 9, 16, 23, 1000, 3 * 16384 + 5}) {
      ActivationQuantizeParams p = form;
      p.values = n;
      auto q = ActivationQuantize::Create(p, isa);
      ASSERT_TRUE(q.ok()) << q.status();
      ASSERT_EQ((*q)->isa(), isa);
      const std::vector<float> x = Inputs(n, rng);
      std::vector<uint8_t> y(n + 1, 0xA5);
      const int threads = omp_get_max_threads();
      omp_set_num_threads(2);
      (*q)->Run(x.data(), y.data());
      omp_set_num_threads(threads);
      EXPECT_EQ(y[n], 0xA5) << "n = " << n;
      for (int64_t i = 0; i < n; ++i) {
        ASSERT_EQ(y[i], static_cast<uint8_t>(ActivationQuantizeReference(p, x[i])))
            << IsaName(isa) << " at " << i << " of " << n << ", x = " << x[i] << ", zero point "
            << p.zero_point;
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Isas, ActivationQuantizeVariantTest,
                         ::testing::Values(Isa::kGeneric, Isa::kAvx2, Isa::kAvx512),
                         [](const auto& info) { return std::string(IsaName(info.param)); });

TEST(ActivationQuantizeTest, RejectsBadBounds) {
  ActivationQuantizeParams p;
  p.values = 4;
  p.low = 2.f;
  p.high = 1.f;
  EXPECT_EQ(ActivationQuantize::Create(p, Isa::kAvx2).status().code(), absl::StatusCode::kInvalidArgument);
  p.low = -2e9f;
  p.high = 1.f;
  EXPECT_EQ(ActivationQuantize::Create(p, Isa::kAvx2).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mint8::x86
