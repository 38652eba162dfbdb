#include "kernels/x86/int8_matvec.h"

#include <cstdio>
#include <random>
#include <vector>

#include "gtest/gtest.h"

namespace mint8::x86 {
namespace {

Int8MatVecParams RandomParams(int64_t batch, int64_t inputs, int64_t outputs, bool src_signed, int32_t zp,
                              uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(-128, 127);
  Int8MatVecParams p;
  p.batch = batch;
  p.inputs = inputs;
  p.outputs = outputs;
  p.src_signed = src_signed;
  p.src_zero_point = zp;
  p.weights.resize(inputs * outputs);
  for (int8_t& w : p.weights) w = static_cast<int8_t>(byte(rng));
  return p;
}

std::vector<uint8_t> RandomBytes(int64_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<uint8_t> v(n);
  for (uint8_t& b : v) b = static_cast<uint8_t>(byte(rng));
  return v;
}

void ExpectMatchesReference(const Int8MatVecParams& p, Isa isa) {
  auto mv = Int8MatVec::Create(p, isa);
  ASSERT_TRUE(mv.ok()) << mv.status();
  const std::vector<uint8_t> x = RandomBytes(p.batch * p.inputs, 7);
  std::vector<int32_t> got(p.batch * p.outputs, -1), want(p.batch * p.outputs);
  (*mv)->Run(x.data(), got.data());
  Int8MatVecReference(p, x.data(), want.data());
  EXPECT_EQ(got, want) << IsaName((*mv)->isa()) << " " << p.inputs << " -> " << p.outputs
                       << (p.src_signed ? " s8" : " u8") << " zp " << p.src_zero_point;
}

// Sizes around the 16-value vectors and the 4-row groups: one vector with
// a tail, exact vectors, many vectors, 1-3 leftover rows.
TEST(Int8MatVecTest, EveryVariantMatchesTheReference) {
  for (Isa isa : {Isa::kGeneric, Isa::kAvx2, Isa::kAvx512Vnni}) {
    if (!IsaAvailable(isa)) {
      std::printf("skipping %s: not built in or not run by this CPU\n", IsaName(isa));
      continue;
    }
    for (int64_t inputs : {1, 15, 16, 17, 50, 64, 65, 200, 1280})
      for (int64_t outputs : {1, 3, 4, 7, 50})
        for (bool s8 : {false, true})
          ExpectMatchesReference(RandomParams(1, inputs, outputs, s8, s8 ? -5 : 0, 3), isa);
    ExpectMatchesReference(RandomParams(3, 200, 50, false, 14, 4), isa);  // batch rows, a zero point
    ExpectMatchesReference(RandomParams(2, 33, 9, true, 127, 5), isa);
  }
}

// The largest magnitudes: every product 255 * -128 over the most inputs,
// and for s8 sources -128 * -128 with the most negative zero point folded.
TEST(Int8MatVecTest, ExtremeValuesStayExact) {
  Int8MatVecParams p = RandomParams(1, kInt8MatVecMaxInputs, 5, false, 0, 6);
  std::fill(p.weights.begin(), p.weights.end(), int8_t{-128});
  auto mv = Int8MatVec::Create(p, BestAvailableIsa());
  ASSERT_TRUE(mv.ok()) << mv.status();
  const std::vector<uint8_t> x(p.inputs, 255);
  std::vector<int32_t> acc(p.outputs);
  (*mv)->Run(x.data(), acc.data());
  for (int64_t o = 0; o < p.outputs; ++o) EXPECT_EQ(acc[o], -255 * 128 * kInt8MatVecMaxInputs);
}

TEST(Int8MatVecTest, ExtremeSignedValuesStayExact) {
  Int8MatVecParams p = RandomParams(1, kInt8MatVecMaxInputs, 5, true, 127, 6);
  std::fill(p.weights.begin(), p.weights.end(), int8_t{-128});
  for (Isa isa : {Isa::kAvx2, Isa::kAvx512Vnni}) {
    auto mv = Int8MatVec::Create(p, isa);
    ASSERT_TRUE(mv.ok()) << mv.status();
    const std::vector<uint8_t> x(p.inputs, 0x80);  // -128
    std::vector<int32_t> acc(p.outputs);
    (*mv)->Run(x.data(), acc.data());
    for (int64_t o = 0; o < p.outputs; ++o)
      EXPECT_EQ(acc[o], 255 * 128 * kInt8MatVecMaxInputs) << IsaName(isa);
  }
}

TEST(Int8MatVecTest, RejectsWhatItDoesNotCover) {
  Int8MatVecParams p = RandomParams(1, 16, 4, false, 0, 8);
  p.src_zero_point = 256;
  EXPECT_FALSE(Int8MatVec::Create(p, Isa::kAvx2).ok());
  p = RandomParams(1, kInt8MatVecMaxInputs + 1, 1, false, 0, 8);
  EXPECT_FALSE(Int8MatVec::Create(p, Isa::kAvx2).ok());
  p = RandomParams(1, 16, 4, false, 0, 8);
  p.weights.pop_back();
  EXPECT_FALSE(Int8MatVec::Create(p, Isa::kAvx2).ok());
}

}  // namespace
}  // namespace mint8::x86
