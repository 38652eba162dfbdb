#include "kernels/x86/nearest_upsample.h"

#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace mint8::x86 {
namespace {

// Factors 1-8 (PP-OCRv4 det upsamples by 2, 4 and 8), pixels of 1 byte to
// 96 f32 channels, one and two images; one byte past the end must stay.
TEST(NearestUpsampleTest, MatchesTheReference) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int64_t batch : {1, 2})
    for (int64_t pixel_bytes : {1, 3, 24, 96, 384})
      for (auto [h, w] : {std::pair{1, 1}, std::pair{3, 5}, std::pair{20, 20}})
        for (auto [fh, fw] :
             {std::pair{1, 1}, std::pair{2, 2}, std::pair{1, 3}, std::pair{4, 4}, std::pair{8, 8}}) {
          NearestUpsampleParams p;
          p.batch = batch;
          p.height = h;
          p.width = w;
          p.factor_h = fh;
          p.factor_w = fw;
          p.pixel_bytes = pixel_bytes;
          std::vector<uint8_t> x(batch * h * w * pixel_bytes);
          for (uint8_t& v : x) v = static_cast<uint8_t>(byte(rng));
          const size_t out = x.size() * fh * fw;
          std::vector<uint8_t> want(out), got(out + 1, 0xA5);
          NearestUpsampleNhwcReference(p, x.data(), want.data());
          auto upsample = NearestUpsampleNhwc::Create(p);
          ASSERT_TRUE(upsample.ok()) << upsample.status();
          (*upsample)->Run(x.data(), got.data());
          EXPECT_EQ(got.back(), 0xA5) << "wrote past the output";
          got.pop_back();
          EXPECT_EQ(got, want) << batch << "x" << h << "x" << w << " pixels of " << pixel_bytes
                               << " bytes, factors " << fh << "x" << fw;
        }
}

TEST(NearestUpsampleTest, RejectsEmptyShapesAndFactorsBelowOne) {
  NearestUpsampleParams p;
  p.height = p.width = 2;
  p.pixel_bytes = 4;
  EXPECT_TRUE(NearestUpsampleNhwc::Create(p).ok());
  p.factor_w = 0;
  EXPECT_FALSE(NearestUpsampleNhwc::Create(p).ok());
  p.factor_w = 2;
  p.pixel_bytes = 0;
  EXPECT_FALSE(NearestUpsampleNhwc::Create(p).ok());
}

}  // namespace
}  // namespace mint8::x86
