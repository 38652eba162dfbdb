#include "kernels/x86/patch_deconvolution.h"

#include <cstring>
#include <random>
#include <string>
#include <vector>

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

// Runs `isa`'s path on every case, activation and bias choice; its output
// must equal the reference bit for bit and leave the float past it alone.
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
        std::vector<float> want(out), got(out + 1, 1234.5f);
        const float* bias = with_bias ? b.data() : nullptr;
        PatchDeconvolutionReference(p, w.data(), bias, x.data(), want.data());
        auto deconv = PatchDeconvolutionF32::Create(p, w.data(), bias, isa);
        ASSERT_TRUE(deconv.ok()) << deconv.status();
        if (p.in_channels % 8 == 0) {
          EXPECT_EQ((*deconv)->isa(), isa) << Describe(p);
        }
        (*deconv)->Run(x.data(), got.data());
        EXPECT_EQ(got.back(), 1234.5f) << "wrote past the output: " << Describe(p);
        got.pop_back();
        EXPECT_EQ(std::memcmp(got.data(), want.data(), out * sizeof(float)), 0)
            << Describe(p) << (with_bias ? " with bias" : "");
      }
}

TEST(PatchDeconvolutionTest, PortablePathMatchesTheReference) { ExpectMatchesReference(Isa::kGeneric); }

TEST(PatchDeconvolutionTest, Avx2MatchesTheReference) {
  if (!IsaAvailable(Isa::kAvx2)) GTEST_SKIP() << "this CPU (or build) has no AVX2";
  ExpectMatchesReference(Isa::kAvx2);
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

TEST(PatchDeconvolutionTest, RejectsEmptyShapesAndUnblockableChannels) {
  PatchDeconvolutionParams p;
  p.height = p.width = 2;
  p.in_channels = 8;
  p.out_channels = 1;
  std::vector<float> w(8, 0.f);
  EXPECT_TRUE(PatchDeconvolutionF32::Create(p, w.data(), nullptr, Isa::kAvx2).ok());
  p.in_channels = 12;
  p.blocked_source = true;
  EXPECT_FALSE(PatchDeconvolutionF32::Create(p, w.data(), nullptr, Isa::kAvx2).ok());
  p.in_channels = 8;
  p.width = 0;
  EXPECT_FALSE(PatchDeconvolutionF32::Create(p, w.data(), nullptr, Isa::kAvx2).ok());
}

}  // namespace
}  // namespace mint8::x86
