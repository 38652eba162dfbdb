#include "kernels/x86/patch_deconvolution.h"

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace mint8::x86 {
namespace {

struct Case {
  int64_t batch, height, width, in_channels, out_channels, kernel_h, kernel_w;
  bool blocked;
};

std::string Describe(const PatchDeconvolutionParams& p) {
  return std::to_string(p.batch) + "x" + std::to_string(p.height) + "x" + std::to_string(p.width) + "x" +
         std::to_string(p.in_channels) + " to " + std::to_string(p.out_channels) + " by " +
         std::to_string(p.kernel_h) + "x" + std::to_string(p.kernel_w) +
         (p.blocked_source ? " blocked" : " channels-last") + " activation " +
         std::to_string(static_cast<int>(p.activation));
}

// `deconv` (on `isa` where the channels allow it) run on x must write
// `want` bit for bit and leave the float past it alone.
void ExpectSameBits(const PatchDeconvolutionParams& p,
                    absl::StatusOr<std::unique_ptr<PatchDeconvolution>> deconv, Isa isa, const void* x,
                    const std::vector<float>& want, const std::string& what) {
  ASSERT_TRUE(deconv.ok()) << deconv.status();
  if (p.in_channels % 8 == 0) {
    EXPECT_EQ((*deconv)->isa(), isa) << Describe(p);
  }
  std::vector<float> got(want.size() + 1, 1234.5f);
  (*deconv)->Run(x, got.data());
  EXPECT_EQ(got.back(), 1234.5f) << "wrote past the output: " << Describe(p) << what;
  got.pop_back();
  EXPECT_EQ(std::memcmp(got.data(), want.data(), want.size() * sizeof(float)), 0) << Describe(p) << what;
}

// Runs `isa`'s path on every case, activation and bias choice; its output
// must equal the reference bit for bit.
void ExpectMatchesReference(Isa isa) {
  const Case cases[] = {
      {1, 1, 1, 8, 1, 2, 2, false},   {1, 3, 5, 24, 1, 2, 2, false}, {2, 4, 3, 24, 1, 2, 2, true},
      {1, 5, 7, 16, 24, 2, 2, false}, {1, 5, 7, 16, 24, 2, 2, true}, {1, 2, 9, 8, 3, 3, 2, false},
      {1, 3, 4, 32, 5, 1, 1, true},   {2, 2, 3, 40, 7, 4, 4, false}, {1, 3, 3, 5, 2, 2, 2, false},
      {1, 6, 6, 8, 256, 2, 2, true},
  };
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> value(-4.f, 4.f);
  for (const Case& c : cases)
    for (PatchActivation act : {PatchActivation::kNone, PatchActivation::kRelu, PatchActivation::kSigmoid})
      for (bool with_bias : {false, true}) {
        PatchDeconvolutionParams p{c.batch,    c.height,  c.width, c.in_channels, c.out_channels, c.kernel_h,
                                   c.kernel_w, c.blocked, act};
        std::vector<float> x(p.batch * p.height * p.width * p.in_channels);
        std::vector<float> w(p.in_channels * PatchOutputs(p)), b(p.out_channels);
        for (float& v : x) v = value(rng);
        for (float& v : w) v = value(rng) / 4;
        for (float& v : b) v = value(rng);
        const size_t out = p.batch * p.height * p.width * PatchOutputs(p);
        std::vector<float> want(out);
        const float* bias = with_bias ? b.data() : nullptr;
        PatchDeconvolutionReference(p, w.data(), bias, x.data(), want.data());
        ExpectSameBits(p, PatchDeconvolution::Create(p, w.data(), bias, isa), isa, x.data(), want,
                       with_bias ? " with bias" : "");
      }
}

// INT8 sources (u8 and s8, with and without a zero point; channels-last):
// the same, with s8 weights up to +-127 and s32 biases.
void ExpectInt8MatchesReference(Isa isa) {
  const Case cases[] = {
      {1, 1, 1, 8, 1, 2, 2, false},   {2, 3, 5, 24, 1, 2, 2, false}, {1, 5, 7, 16, 24, 2, 2, false},
      {1, 2, 9, 8, 3, 3, 2, false},   {2, 2, 3, 40, 7, 4, 4, false}, {1, 3, 3, 5, 2, 2, 2, false},
      {1, 2, 3, 512, 1, 2, 2, false},
  };
  std::mt19937 rng(13);
  std::uniform_int_distribution<int> byte(0, 255), weight(-127, 127), bias(-5000, 5000);
  std::uniform_real_distribution<float> scale(1e-4f, 3e-2f);
  for (const Case& c : cases)
    for (PatchSource source : {PatchSource::kU8, PatchSource::kS8})
      for (int32_t zero_point : {0, 37})
        for (PatchActivation act :
             {PatchActivation::kNone, PatchActivation::kRelu, PatchActivation::kSigmoid}) {
          PatchDeconvolutionParams p{c.batch,
                                     c.height,
                                     c.width,
                                     c.in_channels,
                                     c.out_channels,
                                     c.kernel_h,
                                     c.kernel_w,
                                     false,
                                     act,
                                     source,
                                     source == PatchSource::kS8 ? -zero_point : zero_point};
          std::vector<uint8_t> x(p.batch * p.height * p.width * p.in_channels);
          std::vector<int8_t> w(p.in_channels * PatchOutputs(p));
          std::vector<int32_t> b(p.out_channels);
          std::vector<float> scales(p.out_channels);
          for (uint8_t& v : x) v = static_cast<uint8_t>(byte(rng));
          for (int8_t& v : w) v = static_cast<int8_t>(weight(rng));
          for (int32_t& v : b) v = bias(rng);
          for (float& v : scales) v = scale(rng);
          const size_t out = p.batch * p.height * p.width * PatchOutputs(p);
          std::vector<float> want(out);
          PatchDeconvolutionInt8Reference(p, w.data(), b.data(), scales.data(), x.data(), want.data());
          ExpectSameBits(
              p, PatchDeconvolution::CreateInt8(p, w.data(), b.data(), scales.data(), isa), isa, x.data(),
              want, absl::StrCat(source == PatchSource::kU8 ? " u8" : " s8", " zero point ", p.zero_point));
        }
}

TEST(PatchDeconvolutionTest, PortablePathMatchesTheReference) {
  ExpectMatchesReference(Isa::kGeneric);
  ExpectInt8MatchesReference(Isa::kGeneric);
}

TEST(PatchDeconvolutionTest, Avx2MatchesTheReference) {
  if (!IsaAvailable(Isa::kAvx2)) GTEST_SKIP() << "this CPU (or build) has no AVX2";
  ExpectMatchesReference(Isa::kAvx2);
  ExpectInt8MatchesReference(Isa::kAvx2);
}

// The INT8 reference against the formula for one small case (u8 source,
// zero point 3): sum_c (x - 3) * w + b, times the channel's scale.
TEST(PatchDeconvolutionTest, Int8ReferenceIsTheDeconvolution) {
  PatchDeconvolutionParams p;
  p.height = 1;
  p.width = 2;
  p.in_channels = 3;
  p.out_channels = 2;
  p.kernel_h = 1;
  p.kernel_w = 2;
  p.source = PatchSource::kU8;
  p.zero_point = 3;
  const std::vector<uint8_t> x = {1, 2, 200, 7, 0, 255};
  std::vector<int8_t> w(3 * 2 * 2);
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<int8_t>(static_cast<int>(i) * 23 - 127);
  const std::vector<int32_t> b = {10, -20};
  const std::vector<float> scales = {0.5f, 0.25f};
  std::vector<float> y(2 * 2 * 2);
  PatchDeconvolutionInt8Reference(p, w.data(), b.data(), scales.data(), x.data(), y.data());
  for (int64_t ox = 0; ox < 2; ++ox)
    for (int64_t j = 0; j < 2; ++j)
      for (int64_t o = 0; o < 2; ++o) {
        int32_t sum = b[o];
        for (int64_t c = 0; c < 3; ++c) sum += (x[ox * 3 + c] - 3) * w[(c * 2 + o) * 2 + j];
        EXPECT_EQ(y[(ox * 2 + j) * 2 + o], static_cast<float>(sum) * scales[o]) << ox << j << o;
      }
}

// The reference against the formula written out for one small case: the
// layout of weights, input blocks and output patches.
TEST(PatchDeconvolutionTest, ReferenceIsTheDeconvolution) {
  PatchDeconvolutionParams p;
  p.height = 1;
  p.width = 2;
  p.in_channels = 16;
  p.out_channels = 2;
  p.kernel_h = 2;
  p.kernel_w = 3;
  p.blocked_source = true;
  std::vector<float> x(2 * 16), w(16 * 2 * 2 * 3), b = {0.5f, -1.f}, y(2 * 6 * 2);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 7) - 3;
  for (size_t i = 0; i < w.size(); ++i) w[i] = static_cast<float>(i % 5) - 2;
  PatchDeconvolutionReference(p, w.data(), b.data(), x.data(), y.data());
  for (int64_t ox = 0; ox < 2; ++ox)
    for (int64_t i = 0; i < 2; ++i)
      for (int64_t j = 0; j < 3; ++j)
        for (int64_t o = 0; o < 2; ++o) {
          double sum = b[o];
          for (int64_t c = 0; c < 16; ++c) {
            // nChw8c: block c / 8 holds both pixels' 8 channels in turn.
            sum += x[(c / 8) * 16 + ox * 8 + c % 8] * w[((c * 2 + o) * 2 + i) * 3 + j];
          }
          EXPECT_EQ(y[(i * 6 + ox * 3 + j) * 2 + o], static_cast<float>(sum)) << ox << i << j << o;
        }
}

TEST(PatchDeconvolutionTest, RejectsWhatItCannotRun) {
  PatchDeconvolutionParams p;
  p.height = p.width = 2;
  p.in_channels = 8;
  p.out_channels = 1;
  std::vector<float> w(8, 0.f);
  EXPECT_TRUE(PatchDeconvolution::Create(p, w.data(), nullptr, Isa::kAvx2).ok());
  p.in_channels = 12;
  p.blocked_source = true;
  EXPECT_FALSE(PatchDeconvolution::Create(p, w.data(), nullptr, Isa::kAvx2).ok());
  p.in_channels = 8;
  p.source = PatchSource::kU8;
  EXPECT_FALSE(PatchDeconvolution::CreateInt8(p, std::vector<int8_t>(8).data(), nullptr,
                                              std::vector<float>(1, 1.f).data(), Isa::kAvx2)
                   .ok())
      << "a blocked INT8 source";
  p.blocked_source = false;
  p.in_channels = 514;
  EXPECT_FALSE(PatchDeconvolution::CreateInt8(p, std::vector<int8_t>(514).data(), nullptr,
                                              std::vector<float>(1, 1.f).data(), Isa::kAvx2)
                   .ok())
      << "sums beyond 2^24";
  p.in_channels = 8;
  EXPECT_FALSE(PatchDeconvolution::Create(p, w.data(), nullptr, Isa::kAvx2).ok())
      << "f32 weights, INT8 source";
  p.source = PatchSource::kF32;
  p.width = 0;
  EXPECT_FALSE(PatchDeconvolution::Create(p, w.data(), nullptr, Isa::kAvx2).ok());
}

}  // namespace
}  // namespace mint8::x86
