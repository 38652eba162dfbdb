#include "kernels/x86/global_average_pool.h"

#include <cstdio>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace mint8::x86 {
namespace {

constexpr Isa kIsas[] = {Isa::kGeneric, Isa::kAvx2, Isa::kAvx512};

GlobalAveragePoolParams Params(int64_t batch, int64_t channels, int64_t positions, bool src_signed) {
  GlobalAveragePoolParams p;
  p.batch = batch;
  p.channels = channels;
  p.positions = positions;
  p.src_signed = src_signed;
  return p;
}

std::vector<uint8_t> Pool(const GlobalAveragePoolParams& p, Isa isa, const std::vector<uint8_t>& x) {
  auto pool = GlobalAveragePoolInt8::Create(p, isa);
  EXPECT_TRUE(pool.ok()) << pool.status();
  std::vector<uint8_t> y(p.batch * p.channels + 1, 0xA5);  // one byte past the end must stay
  (*pool)->Run(x.data(), y.data());
  EXPECT_EQ(y.back(), 0xA5) << "wrote past the means";
  y.pop_back();
  return y;
}

// Channel counts around the 64-, 16- and 8-channel blocks, positions around
// the 128-position 16-bit runs.
TEST(GlobalAveragePoolTest, EveryVariantMatchesTheReference) {
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> byte(0, 255);
  for (Isa isa : kIsas) {
    if (!IsaAvailable(isa)) {
      std::printf("skipping %s: not built in or not run by this CPU\n", IsaName(isa));
      continue;
    }
    for (int64_t channels : {1, 7, 8, 9, 15, 16, 17, 24, 63, 64, 65, 88, 200})
      for (int64_t positions : {1, 2, 3, 127, 128, 129, 288, 1000})
        for (bool s8 : {false, true}) {
          const GlobalAveragePoolParams p = Params(2, channels, positions, s8);
          std::vector<uint8_t> x(p.batch * positions * channels);
          for (uint8_t& v : x) v = static_cast<uint8_t>(byte(rng));
          std::vector<uint8_t> want(p.batch * channels);
          GlobalAveragePoolInt8Reference(p, x.data(), want.data());
          EXPECT_EQ(Pool(p, isa, x), want) << IsaName(isa) << " " << channels << " channels, " << positions
                                          << " positions" << (s8 ? " s8" : " u8");
        }
  }
}

// Means exactly halfway between two integers round to the even one, on
// both signs: (0 + 1) / 2 -> 0, (1 + 2) / 2 -> 2, (-1 + 0) / 2 -> 0,
// (-2 + -1) / 2 -> -2, and a quotient just off a tie rounds to its side.
TEST(GlobalAveragePoolTest, TiesRoundToEven) {
  const std::vector<std::pair<std::vector<int>, int>> cases = {
      {{0, 1}, 0}, {{1, 2}, 2}, {{-1, 0}, 0}, {{-2, -1}, -2}, {{5, 6, 6}, 6}, {{5, 5, 6}, 5}};
  for (Isa isa : kIsas) {
    if (!IsaAvailable(isa)) continue;
    for (const auto& [values, mean] : cases) {
      for (int64_t channels : {1, 8, 16, 64}) {
        const bool s8 = mean < 0 || values[0] < 0;
        const GlobalAveragePoolParams p = Params(1, channels, values.size(), s8);
        std::vector<uint8_t> x;
        for (int v : values) x.insert(x.end(), channels, static_cast<uint8_t>(v));
        const std::vector<uint8_t> want(channels, static_cast<uint8_t>(mean));
        EXPECT_EQ(Pool(p, isa, x), want) << IsaName(isa) << " " << channels << " channels, mean " << mean;
        std::vector<uint8_t> reference(channels);
        GlobalAveragePoolInt8Reference(p, x.data(), reference.data());
        EXPECT_EQ(reference, want);
      }
    }
  }
}

// The largest sums: every value 255 (or -128) over many runs of positions.
TEST(GlobalAveragePoolTest, ExtremeValuesStayExact) {
  for (Isa isa : kIsas) {
    if (!IsaAvailable(isa)) continue;
    for (bool s8 : {false, true}) {
      const GlobalAveragePoolParams p = Params(1, 17, 100000, s8);
      const std::vector<uint8_t> x(p.positions * p.channels, s8 ? 0x80 : 0xFF);
      EXPECT_EQ(Pool(p, isa, x), std::vector<uint8_t>(p.channels, s8 ? 0x80 : 0xFF)) << IsaName(isa);
    }
  }
}

TEST(GlobalAveragePoolTest, RejectsSizesOutOfRange) {
  EXPECT_FALSE(GlobalAveragePoolInt8::Create(Params(1, 0, 4, false), Isa::kAvx2).ok());
  EXPECT_FALSE(GlobalAveragePoolInt8::Create(Params(1, 4, 0, false), Isa::kAvx2).ok());
  EXPECT_FALSE(
      GlobalAveragePoolInt8::Create(Params(1, 4, kGlobalAveragePoolMaxPositions + 1, false), Isa::kAvx2).ok());
}

}  // namespace
}  // namespace mint8::x86
