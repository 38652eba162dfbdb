#include "kernels/x86/peak_probe.h"

#include "gtest/gtest.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/peak_probe_kernels.h"

namespace mint8 {
namespace {

// The loops report exactly the work their bodies contain.
TEST(PeakProbeTest, LoopsCountTheirMultiplyAccumulates) {
  EXPECT_EQ(x86::Fp32MacsGeneric(10), 80);
  EXPECT_EQ(x86::Int8MacsGeneric(10), 80);
#ifdef MINT8_BUILT_AVX2
  if (!IsaAvailable(Isa::kAvx2)) GTEST_SKIP() << "CPU without AVX2: SIMD loops not run";
  EXPECT_EQ(x86::Fp32MacsAvx2(10), 10 * 12 * 8);
  EXPECT_EQ(x86::Int8MacsAvx2(10), 10 * 6 * 32);  // 6 accumulators x 32 u8*s8
#endif
#ifdef MINT8_BUILT_AVX512_VNNI
  if (IsaAvailable(Isa::kAvx512Vnni)) {
    EXPECT_EQ(x86::Int8MacsAvx512Vnni(10), 10 * 18 * 64);  // 18 accumulators x 64 u8*s8
  }
#endif
}

// The chosen ISA is the best available one, and SIMD beats the scalar loop.
TEST(PeakProbeTest, MeasuresTheBestAvailableIsa) {
  const PeakRates r = MeasurePeakRates(0.02);
  EXPECT_GT(r.fp32_macs_per_second, 0);
  EXPECT_GT(r.int8_macs_per_second, 0);
  if (IsaAvailable(Isa::kAvx2)) {
    EXPECT_NE(r.fp32_isa.find("avx"), std::string::npos) << r.fp32_isa;
  } else {
    EXPECT_EQ(r.fp32_isa, "generic scalar");
  }
}

}  // namespace
}  // namespace mint8
