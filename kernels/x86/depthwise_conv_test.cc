// Every DepthwiseConvInt8 variant this CPU runs against the reference, bit for
// bit, over kernel sizes, strides, paddings, channel counts that leave partial
// vector blocks or pack several pixels per vector, both signednesses and zero
// points.
#include "kernels/x86/depthwise_conv.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <random>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/x86/depthwise_conv_kernels.h"
#include "kernels/x86/vector_math.h"

namespace mint8::x86 {
namespace {

struct Geometry {
  int64_t channels, in_h, in_w;
  int kernel, stride, pad;
  int kernel_w = 0;  // 0: square
};

DepthwiseConvParams RandomParams(const Geometry& g, bool src_signed, bool dst_signed, std::mt19937& rng) {
  DepthwiseConvParams p;
  p.batch = 2;
  p.channels = g.channels;
  p.in_h = g.in_h;
  p.in_w = g.in_w;
  p.kernel_h = g.kernel;
  p.kernel_w = g.kernel_w > 0 ? g.kernel_w : g.kernel;
  p.stride_h = p.stride_w = g.stride;
  p.pad_top = p.pad_left = g.pad;
  p.out_h = (g.in_h + 2 * g.pad - p.kernel_h) / g.stride + 1;
  p.out_w = (g.in_w + 2 * g.pad - p.kernel_w) / g.stride + 1;
  p.src_signed = src_signed;
  p.dst_signed = dst_signed;
  std::uniform_int_distribution<int> byte(-128, 127), zp(0, 255);
  p.src_zero_point = src_signed ? zp(rng) - 128 : zp(rng);
  p.dst_zero_point = dst_signed ? byte(rng) / 4 : zp(rng) / 2;
  for (int64_t i = 0; i < p.channels * p.kernel_h * p.kernel_w; ++i)
    p.weights.push_back(static_cast<int8_t>(byte(rng)));
  std::uniform_int_distribution<int> bias(-40000, 40000);
  std::uniform_real_distribution<float> scale(1e-4f, 4e-3f);
  for (int64_t c = 0; c < p.channels; ++c) {
    p.bias.push_back(bias(rng));
    p.scales.push_back(scale(rng));
  }
  // relu-like, clip-like, none (in output units), or HardSwish (then a
  // narrowed range) or SiLU on real values around their bends
  switch (rng() % 5) {
    case 0:
      p.low = 0.f;
      break;
    case 1:
      p.low = -20.5f, p.high = 60.25f;
      break;
    case 2:
      p.activation = DepthwiseConvParams::Activation::kHardSwish;
      for (float& s : p.scales) s *= 0.02f;
      p.post_scale = 9.5f;
      p.low = -64.f, p.high = 63.f;
      break;
    case 3:
      p.activation = DepthwiseConvParams::Activation::kSilu;
      for (float& s : p.scales) s *= 0.02f;
      p.post_scale = 11.f;
      break;
    default:
      break;
  }
  // Sometimes biases beyond 2^24 (a channel whose weights' scale is tiny),
  // which a float accumulator could not hold exactly.
  if (rng() % 4 == 0) {
    for (int64_t c = 0; c < p.channels; c += 2) {
      p.bias[c] += c % 4 ? (1 << 25) : -(1 << 26);
      p.scales[c] *= 1e-4f;
    }
  }
  return p;
}

std::vector<uint8_t> RandomBytes(size_t n, std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>(byte(rng));
  return v;
}

class DepthwiseConvTest : public ::testing::TestWithParam<Isa> {};

TEST_P(DepthwiseConvTest, MatchesReferenceExactly) {
  const Isa isa = GetParam();
  if (!IsaAvailable(isa)) GTEST_SKIP() << IsaName(isa) << " is not built in or this CPU lacks it";
  const Geometry geometries[] = {
      {16, 9, 11, 3, 1, 1},
      {144, 14, 14, 3, 1, 1},
      {96, 15, 15, 3, 2, 1},
      {33, 10, 13, 3, 2, 0},
      {7, 8, 8, 3, 1, 1},
      {24, 12, 9, 5, 1, 2},
      {40, 13, 13, 5, 2, 2},
      {200, 7, 7, 5, 1, 2},
      {8, 9, 9, 7, 1, 3},
      {32, 12, 30, 3, 1, 1},
      {1, 6, 5, 3, 1, 1},
      {72, 5, 21, 3, 2, 1},
      {20, 3, 3, 3, 1, 2},
      // Images of 1-3 rows (PaddleOCR's classifier): most kernel rows fall
      // in the padding and are skipped.
      {200, 2, 37, 5, 1, 2},
      {88, 3, 40, 5, 1, 2},
      {48, 1, 24, 3, 1, 1},
      {64, 2, 17, 7, 1, 3},
      // 1x1 (a BatchNorm as a depthwise conv), stride 3, rectangular and
      // even kernels, rows of fewer than four output pixels.
      {24, 6, 9, 1, 1, 0},
      {224, 3, 5, 1, 1, 0},
      {45, 4, 3, 1, 1, 0},
      {5, 2, 7, 1, 1, 0},
      {16, 11, 14, 3, 3, 1},
      {40, 7, 10, 3, 1, 1, 7},
      {12, 6, 7, 2, 1, 1},
      {8, 5, 3, 3, 1, 1},
      {19, 4, 2, 5, 2, 2},
  };
  std::mt19937 rng(7);
  int checked = 0;
  int64_t saturated = 0, total = 0;
  for (const Geometry& g : geometries) {
    for (int signs = 0; signs < 4; ++signs) {
      DepthwiseConvParams p = RandomParams(g, signs & 1, signs & 2, rng);
      auto conv = DepthwiseConvInt8::Create(p, isa);
      ASSERT_TRUE(conv.ok()) << conv.status();
      ASSERT_EQ((*conv)->isa(), isa);
      const std::vector<uint8_t> src = RandomBytes(p.batch * p.in_h * p.in_w * p.channels, rng);
      const size_t out_bytes = p.batch * p.out_h * p.out_w * p.channels;
      std::vector<uint8_t> want(out_bytes), got(out_bytes, 0xAB);
      DepthwiseConvInt8Reference(p, src.data(), want.data());
      (*conv)->Run(src.data(), got.data());
      for (size_t i = 0; i < out_bytes; ++i) {
        ASSERT_EQ(int{got[i]}, int{want[i]})
            << IsaName(isa) << " channels " << g.channels << " kernel " << g.kernel << "x" << p.kernel_w
            << " stride " << g.stride << " pad " << g.pad << " signs " << signs << " at byte " << i
            << " (channel " << i % g.channels << ")";
        saturated += want[i] == 0 || want[i] == 255 || want[i] == 127 || want[i] == 128;
      }
      total += out_bytes;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 4 * static_cast<int>(std::size(geometries)));
  EXPECT_LT(saturated, total / 2) << "most outputs saturated: the test would check little";
}

// A pointwise convolution of a channel concatenation, its parts read where
// they lie, against the reference on the concatenated copy: parts that
// start inside a vector block, a part narrower than one, several blocks.
TEST_P(DepthwiseConvTest, ReadsAConcatenationWhereItsPartsLie) {
  const Isa isa = GetParam();
  if (!IsaAvailable(isa)) GTEST_SKIP() << IsaName(isa) << " is not built in or this CPU lacks it";
  const std::vector<std::vector<int64_t>> splits = {{64, 32, 32}, {5, 11, 3, 40}, {1}, {8, 1, 7, 33}};
  std::mt19937 rng(11);
  for (const std::vector<int64_t>& parts : splits) {
    for (int signs = 0; signs < 4; ++signs) {
      int64_t channels = 0;
      for (int64_t c : parts) channels += c;
      DepthwiseConvParams p = RandomParams({channels, 3, 7, 1, 1, 0}, signs & 1, signs & 2, rng);
      auto conv = DepthwiseConvInt8::Create(p, isa);
      ASSERT_TRUE(conv.ok()) << conv.status();
      ASSERT_TRUE((*conv)->pointwise());
      const int64_t pixels = p.batch * p.in_h * p.in_w;
      std::vector<std::vector<uint8_t>> sources;
      std::vector<const void*> pointers;
      std::vector<uint8_t> joined(pixels * channels);
      int64_t first = 0;
      for (int64_t c : parts) {
        sources.push_back(RandomBytes(pixels * c, rng));
        pointers.push_back(sources.back().data());
        for (int64_t i = 0; i < pixels; ++i) {
          std::copy_n(sources.back().begin() + i * c, c, joined.begin() + i * channels + first);
        }
        first += c;
      }
      std::vector<uint8_t> want(joined.size()), got(joined.size(), 0xAB);
      DepthwiseConvInt8Reference(p, joined.data(), want.data());
      (*conv)->RunConcatenated(pointers, parts, got.data());
      ASSERT_EQ(got, want) << IsaName(isa) << " parts " << parts.size() << " of " << channels
                           << " channels, signs " << signs;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, DepthwiseConvTest,
                         ::testing::Values(Isa::kGeneric, Isa::kAvx2, Isa::kAvx512Vnni),
                         [](const ::testing::TestParamInfo<Isa>& info) {
                           return std::string(IsaName(info.param));
                         });

TEST(DepthwiseConvReferenceTest, PaddingReadsTheSourceZeroPoint) {
  // One channel, 1x1 image, 3x3 kernel of ones, zero point 10: the eight
  // padded taps contribute nothing, so y = (x - 10) * 1.
  DepthwiseConvParams p;
  p.channels = 1;
  p.in_h = p.in_w = p.out_h = p.out_w = 1;
  p.pad_top = p.pad_left = 1;
  p.src_zero_point = 10;
  p.weights.assign(9, 1);
  p.scales = {1.f};
  p.dst_zero_point = 100;
  const uint8_t x = 25;
  uint8_t y = 0;
  DepthwiseConvInt8Reference(p, &x, &y);
  EXPECT_EQ(y, 115);
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!IsaAvailable(isa)) continue;
    uint8_t z = 0;
    (*DepthwiseConvInt8::Create(p, isa))->Run(&x, &z);
    EXPECT_EQ(z, 115) << IsaName(isa);
  }
}

TEST(DepthwiseConvReferenceTest, EveryLoopsExpMatchesTheScalarOneBitForBit) {
  std::vector<float> x;
  for (float v = -87.f; v <= 87.f; v += 0.00731f) x.push_back(v);
  x.resize(x.size() / 16 * 16);
  std::vector<float> y(x.size());
  std::vector<std::pair<Isa, void (*)(const float*, float*, int64_t)>> loops;
#ifdef MINT8_BUILT_AVX2
  loops.push_back({Isa::kAvx2, DepthwiseExpAvx2});
#endif
#ifdef MINT8_BUILT_AVX512_VNNI
  loops.push_back({Isa::kAvx512Vnni, DepthwiseExpAvx512Vnni});
#endif
  if (loops.empty()) GTEST_SKIP() << "no per-ISA loops built in";
  for (const auto& [isa, exp] : loops) {
    if (!IsaAvailable(isa)) continue;
    exp(x.data(), y.data(), static_cast<int64_t>(x.size()));
    for (size_t i = 0; i < x.size(); ++i) {
      ASSERT_EQ(y[i], ExpReference(x[i])) << IsaName(isa) << " at x = " << x[i];
    }
  }
}

TEST(DepthwiseConvReferenceTest, RoundsHalfToEvenAndSaturates) {
  DepthwiseConvParams p;
  p.channels = 4;
  p.in_h = p.in_w = p.out_h = p.out_w = 1;
  p.kernel_h = p.kernel_w = 1;
  p.weights = {1, 1, 1, 1};
  p.bias = {0, 0, 0, 0};
  p.scales = {0.5f, 0.5f, 1.f, -1.f};
  p.dst_signed = true;
  const uint8_t x[4] = {5, 7, 200, 200};  // 2.5 -> 2, 3.5 -> 4, 200 -> 127, -200 -> -128
  int8_t y[4] = {};
  DepthwiseConvInt8Reference(p, x, y);
  EXPECT_EQ(y[0], 2);
  EXPECT_EQ(y[1], 4);
  EXPECT_EQ(y[2], 127);
  EXPECT_EQ(y[3], -128);
}

TEST(DepthwiseConvReferenceTest, RejectsWhatItDoesNotCover) {
  DepthwiseConvParams p;
  p.channels = 2;
  p.in_h = p.in_w = p.out_h = p.out_w = 4;
  p.weights.assign(18, 1);
  p.scales = {1.f, 1.f};
  EXPECT_TRUE(ValidateDepthwiseConv(p).ok());
  p.scales.pop_back();
  EXPECT_FALSE(DepthwiseConvInt8::Create(p, Isa::kAvx2).ok());
  p.scales = {1.f, 1.f};
  p.src_zero_point = 300;
  EXPECT_FALSE(ValidateDepthwiseConv(p).ok());
  p.src_zero_point = 0;
  p.kernel_h = p.kernel_w = 9;
  EXPECT_FALSE(ValidateDepthwiseConv(p).ok());
}

}  // namespace
}  // namespace mint8::x86
