// ChannelShuffleNhwc against its oracle (every variant this CPU runs, bit for
// bit), and the oracle against the NCHW reference kernel the runtime's
// reference path uses.
#include "kernels/x86/channel_shuffle.h"

#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/reference/tensor_ops.h"

namespace mint8::x86 {
namespace {

struct Case {
  int64_t pixels;
  std::vector<int64_t> input_channels;
  int64_t groups;
};

// ShuffleNetV2's widths and odd ones: halves that are no multiple of a
// vector (overlapping last steps, 128-bit steps, scalar), halves split over
// inputs (the reference then), more groups, one input.
const Case kCases[] = {
    {7 * 7, {232, 232}, 2}, {28 * 28, {58, 58}, 2}, {5, {16, 16}, 2},     {3, {1, 1}, 2},
    {9, {40, 8, 24}, 2},    {6, {33, 33}, 2},       {4, {24, 12, 12}, 2}, {8, {12, 6}, 3},
    {5, {64}, 2},           {6, {20}, 4},           {4, {20, 20}, 2},     {3, {6, 6}, 2},
};

std::vector<std::vector<uint8_t>> RandomInputs(const Case& c, int element_bytes, std::mt19937& rng) {
  std::vector<std::vector<uint8_t>> inputs;
  for (int64_t channels : c.input_channels) {
    std::vector<uint8_t> x(c.pixels * channels * element_bytes);
    for (uint8_t& v : x) v = static_cast<uint8_t>(rng());
    inputs.push_back(std::move(x));
  }
  return inputs;
}

ChannelShuffleParams ParamsOf(const Case& c, int element_bytes) {
  ChannelShuffleParams p;
  p.pixels = c.pixels;
  p.input_channels = c.input_channels;
  p.groups = c.groups;
  p.element_bytes = element_bytes;
  return p;
}

class ChannelShuffleTest : public ::testing::TestWithParam<Isa> {};

TEST_P(ChannelShuffleTest, MatchesTheOracleExactly) {
  const Isa isa = GetParam();
  if (!IsaAvailable(isa)) GTEST_SKIP() << IsaName(isa) << " is not built in or this CPU lacks it";
  std::mt19937 rng(7);
  for (const Case& c : kCases) {
    for (int element_bytes : {1, 4}) {
      const ChannelShuffleParams p = ParamsOf(c, element_bytes);
      const std::vector<std::vector<uint8_t>> inputs = RandomInputs(c, element_bytes, rng);
      std::vector<const void*> pointers;
      int64_t channels = 0;
      for (size_t k = 0; k < inputs.size(); ++k) {
        pointers.push_back(inputs[k].data());
        channels += c.input_channels[k];
      }
      std::vector<uint8_t> want(c.pixels * channels * element_bytes), got(want.size(), 0xAB);
      ChannelShuffleNhwcReference(p, pointers.data(), want.data());
      auto shuffle = ChannelShuffleNhwc::Create(p, isa);
      ASSERT_TRUE(shuffle.ok()) << shuffle.status();
      (*shuffle)->Run(pointers.data(), got.data());
      EXPECT_EQ(got, want) << c.pixels << " pixels, " << channels << " channels, " << c.groups << " groups, "
                           << element_bytes << "-byte elements, " << IsaName((*shuffle)->isa());
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Variants, ChannelShuffleTest, ::testing::Values(Isa::kGeneric, Isa::kAvx2),
                         [](const ::testing::TestParamInfo<Isa>& info) { return IsaName(info.param); });

TEST(ChannelShuffleReferenceTest, IsTheNchwReferenceInChannelsLastOrder) {
  const Case c = {6, {4, 8}, 3};  // batch 2, 3 pixels each
  std::mt19937 rng(11);
  const std::vector<std::vector<uint8_t>> nhwc = RandomInputs(c, 1, rng);
  // The same inputs in NCHW ([2, channels, 3]).
  std::vector<std::vector<uint8_t>> nchw;
  std::vector<ir::ConstTensorView> views;
  for (size_t k = 0; k < nhwc.size(); ++k) {
    const int64_t ch = c.input_channels[k];
    std::vector<uint8_t> x(nhwc[k].size());
    for (int64_t n = 0; n < 2; ++n)
      for (int64_t i = 0; i < 3; ++i)
        for (int64_t ci = 0; ci < ch; ++ci) x[(n * ch + ci) * 3 + i] = nhwc[k][(n * 3 + i) * ch + ci];
    nchw.push_back(std::move(x));
  }
  for (size_t k = 0; k < nchw.size(); ++k)
    views.push_back({ir::DataType::kU8, {2, c.input_channels[k], 3}, nchw[k].data()});
  std::vector<uint8_t> want_nchw(2 * 12 * 3), got(2 * 12 * 3);
  kernels::reference::ChannelShuffle(views, c.groups,
                                     ir::MutableTensorView{ir::DataType::kU8, {2, 12, 3}, want_nchw.data()});
  const void* pointers[] = {nhwc[0].data(), nhwc[1].data()};
  ChannelShuffleNhwcReference(ParamsOf(c, 1), pointers, got.data());
  for (int64_t n = 0; n < 2; ++n)
    for (int64_t i = 0; i < 3; ++i)
      for (int64_t o = 0; o < 12; ++o)
        EXPECT_EQ(got[(n * 3 + i) * 12 + o], want_nchw[(n * 12 + o) * 3 + i]) << n << " " << i << " " << o;
}

TEST(ChannelShuffleReferenceTest, RejectsWhatItDoesNotCover) {
  EXPECT_FALSE(ChannelShuffleNhwc::Create(ParamsOf({4, {5, 4}, 2}, 1), Isa::kAvx2).ok());  // 9 channels
  EXPECT_FALSE(ChannelShuffleNhwc::Create(ParamsOf({0, {4, 4}, 2}, 1), Isa::kAvx2).ok());
  EXPECT_FALSE(ChannelShuffleNhwc::Create(ParamsOf({4, {4, 0}, 2}, 1), Isa::kAvx2).ok());
  EXPECT_FALSE(ChannelShuffleNhwc::Create(ParamsOf({4, {4, 4}, 2}, 2), Isa::kAvx2).ok());
}

}  // namespace
}  // namespace mint8::x86
