// CpuFeatures: what the running x86 CPU and OS offer mint8's kernels.
//
// Detected once (CPUID + XGETBV, so an ISA whose registers the OS does not save
// counts as absent) and cached. Kernel dispatch combines this with what was
// compiled in (MINT8_BUILT_<ISA>, see //config:isa.bzl):
//
//   if (IsaAvailable(Isa::kAvx512Vnni)) { ... }
#ifndef MINT8_KERNELS_X86_CPU_FEATURES_H_
#define MINT8_KERNELS_X86_CPU_FEATURES_H_

#include <string>

namespace mint8 {

struct CpuFeatures {
  bool avx2 = false;    // with FMA and F16C
  bool avx512 = false;  // F, BW, DQ, VL
  bool avx512_vnni = false;
  bool avx_vnni = false;  // VEX-encoded VNNI (no AVX-512 needed)
  bool amx_int8 = false;  // reported only: oneDNN uses AMX by itself where it is
  std::string brand;
};

// The features of the CPU this process runs on.
const CpuFeatures& GetCpuFeatures();

// The kernel ISA levels of //config:isa, lowest to highest.
enum class Isa { kGeneric, kAvx2, kAvx512, kAvx512Vnni };

const char* IsaName(Isa isa);

// True when kernels for `isa` were compiled into this binary.
bool IsaBuilt(Isa isa);

// True when `isa` kernels are compiled in AND the CPU runs them.
bool IsaAvailable(Isa isa);

// The highest ISA for which IsaAvailable() holds.
Isa BestAvailableIsa();

}  // namespace mint8

#endif  // MINT8_KERNELS_X86_CPU_FEATURES_H_
