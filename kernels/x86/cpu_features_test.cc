#include "kernels/x86/cpu_features.h"

#include <fstream>
#include <sstream>
#include <string>

#include "gtest/gtest.h"

namespace mint8 {
namespace {

// The kernel's own view of the CPU, from /proc/cpuinfo, as an independent check
// of the CPUID decoding.
std::string ProcCpuFlags() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("flags", 0) == 0) return line + " ";
  }
  return "";
}

bool HasFlag(const std::string& flags, const std::string& flag) {
  return flags.find(" " + flag + " ") != std::string::npos;
}

TEST(CpuFeaturesTest, AgreesWithProcCpuinfo) {
  const std::string flags = ProcCpuFlags();
  if (flags.empty()) GTEST_SKIP() << "/proc/cpuinfo has no flags line here";
  const CpuFeatures& f = GetCpuFeatures();
  EXPECT_EQ(f.avx2, HasFlag(flags, "avx2") && HasFlag(flags, "fma"));
  EXPECT_EQ(f.avx512, HasFlag(flags, "avx512f") && HasFlag(flags, "avx512bw") &&
                          HasFlag(flags, "avx512dq") && HasFlag(flags, "avx512vl"));
  EXPECT_EQ(f.avx512_vnni, f.avx512 && HasFlag(flags, "avx512_vnni"));
  EXPECT_FALSE(f.brand.empty());
}

TEST(CpuFeaturesTest, LevelsAreNested) {
  const CpuFeatures& f = GetCpuFeatures();
  EXPECT_TRUE(!f.avx512 || f.avx2);
  EXPECT_TRUE(!f.avx512_vnni || f.avx512);
  EXPECT_TRUE(!f.amx_int8 || f.avx512_vnni);
}

TEST(CpuFeaturesTest, BuiltMatchesBuildSetting) {
  EXPECT_TRUE(IsaBuilt(Isa::kGeneric));
#ifdef MINT8_BUILT_AVX2
  EXPECT_TRUE(IsaBuilt(Isa::kAvx2));
#else
  EXPECT_FALSE(IsaBuilt(Isa::kAvx2));
#endif
#ifdef MINT8_BUILT_AVX512_VNNI
  EXPECT_TRUE(IsaBuilt(Isa::kAvx512Vnni));
#else
  EXPECT_FALSE(IsaBuilt(Isa::kAvx512Vnni));
#endif
}

TEST(CpuFeaturesTest, BestAvailableIsBuiltAndRunnable) {
  const Isa best = BestAvailableIsa();
  EXPECT_TRUE(IsaAvailable(best)) << IsaName(best);
  EXPECT_TRUE(IsaBuilt(best));
}

}  // namespace
}  // namespace mint8
