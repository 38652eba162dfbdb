#include "kernels/x86/cpu_features.h"

#include <cpuid.h>

#include <cstdint>
#include <cstring>

namespace mint8 {
namespace {

struct CpuidRegs {
  uint32_t eax = 0, ebx = 0, ecx = 0, edx = 0;
};

CpuidRegs Cpuid(uint32_t leaf, uint32_t subleaf) {
  CpuidRegs r;
  __cpuid_count(leaf, subleaf, r.eax, r.ebx, r.ecx, r.edx);
  return r;
}

uint64_t ReadXcr0() {
  uint32_t lo = 0, hi = 0;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  return (static_cast<uint64_t>(hi) << 32) | lo;
}

bool Bit(uint32_t reg, int bit) { return (reg >> bit) & 1u; }

std::string Brand() {
  if (Cpuid(0x80000000u, 0).eax < 0x80000004u) return "unknown";
  char text[49] = {};
  for (uint32_t i = 0; i < 3; ++i) {
    CpuidRegs r = Cpuid(0x80000002u + i, 0);
    std::memcpy(text + 16 * i, &r, 16);
  }
  std::string brand(text);
  const size_t first = brand.find_first_not_of(' ');
  return first == std::string::npos ? "unknown" : brand.substr(first);
}

CpuFeatures Detect() {
  CpuFeatures f;
  f.brand = Brand();
  const uint32_t max_leaf = Cpuid(0, 0).eax;
  if (max_leaf < 7) return f;
  const CpuidRegs l1 = Cpuid(1, 0);
  if (!Bit(l1.ecx, 27)) return f;  // no OSXSAVE: the OS saves no AVX state
  const uint64_t xcr0 = ReadXcr0();
  const bool os_ymm = (xcr0 & 0x6) == 0x6;
  const bool os_zmm = (xcr0 & 0xe6) == 0xe6;
  const bool os_amx = (xcr0 & 0x60000) == 0x60000;
  const CpuidRegs l7 = Cpuid(7, 0);
  const CpuidRegs l7_1 = Cpuid(7, 1);

  f.avx2 = os_ymm && Bit(l1.ecx, 12) /*FMA*/ && Bit(l1.ecx, 29) /*F16C*/ &&
           Bit(l7.ebx, 5);
  f.avx512 = f.avx2 && os_zmm && Bit(l7.ebx, 16) /*F*/ && Bit(l7.ebx, 17) /*DQ*/ &&
             Bit(l7.ebx, 30) /*BW*/ && Bit(l7.ebx, 31) /*VL*/;
  f.avx512_vnni = f.avx512 && Bit(l7.ecx, 11);
  f.avx_vnni = f.avx2 && Bit(l7_1.eax, 4);
  f.amx_int8 = f.avx512_vnni && os_amx && Bit(l7.edx, 24) /*AMX-TILE*/ &&
               Bit(l7.edx, 25) /*AMX-INT8*/;
  return f;
}

bool CpuRuns(Isa isa) {
  const CpuFeatures& f = GetCpuFeatures();
  switch (isa) {
    case Isa::kGeneric: return true;
    case Isa::kAvx2: return f.avx2;
#ifdef MINT8_EMULATED_AVX512
    // SIMDe's AVX-512 on AVX2 instructions (//config:isa.bzl).
    case Isa::kAvx512:
    case Isa::kAvx512Vnni:
      return f.avx2;
#else
    case Isa::kAvx512: return f.avx512;
    case Isa::kAvx512Vnni: return f.avx512_vnni;
#endif
  }
  return false;
}

}  // namespace

const CpuFeatures& GetCpuFeatures() {
  static const CpuFeatures* const features = new CpuFeatures(Detect());
  return *features;
}

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kGeneric: return "generic";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx512Vnni: return "avx512_vnni";
  }
  return "unknown";
}

bool IsaBuilt(Isa isa) {
  switch (isa) {
    case Isa::kGeneric: return true;
#ifdef MINT8_BUILT_AVX2
    case Isa::kAvx2: return true;
#endif
#ifdef MINT8_BUILT_AVX512
    case Isa::kAvx512: return true;
#endif
#ifdef MINT8_BUILT_AVX512_VNNI
    case Isa::kAvx512Vnni: return true;
#endif
    default: return false;
  }
}

bool IsaAvailable(Isa isa) { return IsaBuilt(isa) && CpuRuns(isa); }

Isa BestAvailableIsa() {
  for (Isa isa : {Isa::kAvx512Vnni, Isa::kAvx512, Isa::kAvx2}) {
    if (IsaAvailable(isa)) return isa;
  }
  return Isa::kGeneric;
}

}  // namespace mint8
