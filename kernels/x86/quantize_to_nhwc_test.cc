// QuantizeToNhwc's AVX2 and AVX-512 loops against the reference, bit for bit: image sizes
// around the 8-pixel groups, both signednesses, zero points, narrowed ranges,
// values on rounding ties and far outside the range, channel multipliers,
// INT8 sources.
#include "kernels/x86/quantize_to_nhwc.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace mint8::x86 {
namespace {

TEST(QuantizeToNhwcTest, Avx2MatchesReferenceExactly) {
  if (!IsaAvailable(Isa::kAvx2)) GTEST_SKIP() << "avx2 is not built in or this CPU lacks it";
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> value(-3.f, 3.f);
  int checked = 0;
  for (int64_t side : {1, 2, 3, 5, 9, 17, 31}) {
    for (int variant = 0; variant < 8; ++variant) {
      QuantizeToNhwcParams p;
      p.batch = 2;
      if (variant & 4) {  // an FP32 layer's channels-last output, of widths that leave tails
        p.channels_last_source = true;
        p.channels = side * 5 % 37 + 1;
      }
      p.height = side;
      p.width = side + 1;
      p.dst_signed = variant & 1;
      p.inv_scale = 1.f / 0.02f;
      p.zero_point = p.dst_signed ? -3 : 128;
      p.qmin = p.dst_signed ? -128 : 0;
      p.qmax = p.dst_signed ? 127 : 255;
      if (variant & 2) {  // a narrowed (7-bit) range
        p.qmin = p.dst_signed ? -64 : 64;
        p.qmax = p.qmin + 127;
      }
      auto q = QuantizeToNhwc::Create(p, Isa::kAvx2);
      ASSERT_TRUE(q.ok()) << q.status();
      ASSERT_EQ((*q)->isa(), Isa::kAvx2);
      std::vector<float> x(p.batch * p.channels * p.height * p.width);
      for (size_t i = 0; i < x.size(); ++i) {
        // Every 5th value on a tie (k + 0.5 steps), every 7th far out of range.
        x[i] = i % 5 == 0   ? (static_cast<int>(i % 41) - 20 + 0.5f) * 0.02f
               : i % 7 == 0 ? (i % 2 ? 1e4f : -1e4f)
                            : value(rng);
      }
      std::vector<uint8_t> want(x.size()), got(x.size() + 16, 0xEE);
      QuantizeToNhwcReference(p, x.data(), nullptr, want.data());
      (*q)->Run(x.data(), got.data());
      for (size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(int{got[i]}, int{want[i]}) << "side " << side << " variant " << variant << " byte " << i;
      }
      for (size_t i = want.size(); i < got.size(); ++i) ASSERT_EQ(got[i], 0xEE) << "wrote past the end";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 56);
}

// Squeeze-excite's gate folded in: channel multipliers on channels-last
// sources, against the reference (which multiplies, then quantizes).
// Channel counts cover AVX-512's 64-value steps, 16-value vectors and masked
// ends, and AVX2's 32/8-value steps and scalar tails.
void ExpectChannelMultipliersMatchReference(Isa isa) {
  std::mt19937 rng(4);
  std::uniform_real_distribution<float> value(-3.f, 3.f), gate(0.f, 1.f);
  for (int64_t channels : {8, 24, 96, 144, 36, 5, 200, 17}) {
    for (int variant = 0; variant < 4; ++variant) {
      QuantizeToNhwcParams p;
      p.batch = 2;
      p.channels = channels;
      p.height = 3;
      p.width = 5;
      p.channels_last_source = true;
      p.dst_signed = variant & 1;
      p.inv_scale = 1.f / 0.01f;
      p.zero_point = p.dst_signed ? 2 : 100;
      p.qmin = p.dst_signed ? -128 : 0;
      p.qmax = p.dst_signed ? 127 : 255;
      if (variant & 2) p.qmax = p.qmin + 127;
      p.scaled_by_channel = true;
      std::vector<float> gates;
      for (int64_t c = 0; c < channels; ++c) gates.push_back(c % 9 == 0 ? 1.f : gate(rng));
      auto q = QuantizeToNhwc::Create(p, isa);
      ASSERT_TRUE(q.ok()) << q.status();
      ASSERT_EQ((*q)->isa(), isa);
      std::vector<float> x(p.batch * p.channels * p.height * p.width);
      for (size_t i = 0; i < x.size(); ++i) {
        // Every 5th value a tie once multiplied by 1.
        x[i] = i % 5 == 0 ? (static_cast<int>(i % 41) - 20 + 0.5f) * 0.01f : value(rng);
      }
      std::vector<uint8_t> want(x.size()), got(x.size() + 16, 0xEE);
      QuantizeToNhwcReference(p, x.data(), gates.data(), want.data());
      (*q)->Run(x.data(), gates.data(), got.data());
      for (size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(int{got[i]}, int{want[i]}) << channels << " channels, variant " << variant << " byte " << i;
      }
      for (size_t i = want.size(); i < got.size(); ++i) ASSERT_EQ(got[i], 0xEE) << "wrote past the end";
      // The multipliers are applied: against quantizing the bare values.
      QuantizeToNhwcParams bare = p;
      bare.scaled_by_channel = false;
      std::vector<uint8_t> unscaled(x.size());
      QuantizeToNhwcReference(bare, x.data(), nullptr, unscaled.data());
      EXPECT_NE(unscaled, want);
    }
  }
}

TEST(QuantizeToNhwcTest, Avx2ChannelMultipliersMatchReferenceExactly) {
  if (!IsaAvailable(Isa::kAvx2)) GTEST_SKIP() << "avx2 is not built in or this CPU lacks it";
  ExpectChannelMultipliersMatchReference(Isa::kAvx2);
}

TEST(QuantizeToNhwcTest, Avx512ChannelMultipliersMatchReferenceExactly) {
  if (!IsaAvailable(Isa::kAvx512)) GTEST_SKIP() << "avx512 is not built in or this CPU lacks it";
  ExpectChannelMultipliersMatchReference(Isa::kAvx512);
}

// An INT8 source (u8 and s8, with zero points) times per-channel gates,
// requantized: bit for bit with the reference, whose values are
// (q - z) * m * inv_scale; and the reference against real arithmetic.
void ExpectInt8SourcesRequantizedLikeReference(Isa isa) {
  std::mt19937 rng(6);
  std::uniform_real_distribution<float> gate(0.f, 1.f);
  for (int64_t channels : {8, 32, 144, 36, 5, 200, 88}) {
    for (int variant = 0; variant < 4; ++variant) {
      QuantizeToNhwcParams p;
      p.batch = 1;
      p.channels = channels;
      p.height = 4;
      p.width = 3;
      p.channels_last_source = true;
      p.scaled_by_channel = true;
      p.int8_source = true;
      p.src_signed = variant & 1;
      p.src_zero_point = p.src_signed ? -3 : 117;
      p.dst_signed = variant & 2;
      p.inv_scale = 0.02f / 0.013f;  // source scale / output scale
      p.zero_point = p.dst_signed ? 4 : 9;
      p.qmin = p.dst_signed ? -128 : 0;
      p.qmax = p.dst_signed ? 127 : 255;
      std::vector<float> gates;
      for (int64_t c = 0; c < channels; ++c) gates.push_back(c % 7 == 0 ? 1.f : gate(rng));
      std::vector<uint8_t> x(p.channels * p.height * p.width);
      for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
      auto q = QuantizeToNhwc::Create(p, isa);
      ASSERT_TRUE(q.ok()) << q.status();
      ASSERT_EQ((*q)->isa(), isa);
      std::vector<uint8_t> want(x.size()), got(x.size() + 16, 0xEE);
      QuantizeToNhwcReference(p, x.data(), gates.data(), want.data());
      (*q)->Run(x.data(), gates.data(), got.data());
      for (size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(int{got[i]}, int{want[i]}) << channels << " channels, variant " << variant << " byte " << i;
        const int32_t source = p.src_signed ? static_cast<int8_t>(x[i]) : x[i];
        const double real = (source - p.src_zero_point) * 0.02 * gates[i % channels] / 0.013 + p.zero_point;
        const int32_t stored = p.dst_signed ? static_cast<int8_t>(want[i]) : want[i];
        EXPECT_LE(std::fabs(std::clamp<double>(real, p.qmin, p.qmax) - stored), 0.5 + 1e-4) << i;
      }
      for (size_t i = want.size(); i < got.size(); ++i) ASSERT_EQ(got[i], 0xEE) << "wrote past the end";
    }
  }
}

TEST(QuantizeToNhwcTest, Avx2RequantizesInt8SourcesByChannelExactly) {
  if (!IsaAvailable(Isa::kAvx2)) GTEST_SKIP() << "avx2 is not built in or this CPU lacks it";
  ExpectInt8SourcesRequantizedLikeReference(Isa::kAvx2);
}

TEST(QuantizeToNhwcTest, Avx512RequantizesInt8SourcesByChannelExactly) {
  if (!IsaAvailable(Isa::kAvx512)) GTEST_SKIP() << "avx512 is not built in or this CPU lacks it";
  ExpectInt8SourcesRequantizedLikeReference(Isa::kAvx512);
}

TEST(QuantizeToNhwcTest, ReferenceRoundsHalfToEvenAndInterleaves) {
  QuantizeToNhwcParams p;
  p.height = 1;
  p.width = 2;
  p.inv_scale = 1.f;
  p.zero_point = 10;
  const float x[6] = {2.5f, 3.5f, -0.5f, 300.f, -20.f, 0.f};  // planes c0 | c1 | c2
  uint8_t y[6] = {};
  QuantizeToNhwcReference(p, x, nullptr, y);
  const uint8_t want[6] = {12, 10, 0, 14, 255, 10};  // pixel 0: c0 c1 c2, pixel 1: c0 c1 c2
  for (int i = 0; i < 6; ++i) EXPECT_EQ(y[i], want[i]) << i;
}

TEST(QuantizeToNhwcTest, RejectsBadParameters) {
  QuantizeToNhwcParams p;
  p.height = p.width = 4;
  EXPECT_TRUE(ValidateQuantizeToNhwc(p).ok());
  p.qmax = 300;
  EXPECT_FALSE(QuantizeToNhwc::Create(p, Isa::kAvx2).ok());
  p.qmax = 255;
  p.scaled_by_channel = true;  // with an NCHW source
  EXPECT_FALSE(ValidateQuantizeToNhwc(p).ok());
  p.channels_last_source = true;
  EXPECT_TRUE(ValidateQuantizeToNhwc(p).ok());
  p.scaled_by_channel = false;
  p.channels_last_source = true;
  p.int8_source = true;  // without multipliers
  EXPECT_FALSE(ValidateQuantizeToNhwc(p).ok());
  p.int8_source = false;
  p.channels_last_source = false;
  p.inv_scale = 0.f;
  EXPECT_FALSE(ValidateQuantizeToNhwc(p).ok());
}

}  // namespace
}  // namespace mint8::x86
