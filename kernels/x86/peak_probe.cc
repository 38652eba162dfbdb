#include "kernels/x86/peak_probe.h"

#include <algorithm>
#include <chrono>
#include <tuple>

#include "kernels/x86/cpu_features.h"
#include "kernels/x86/peak_probe_kernels.h"

namespace mint8 {
namespace {

using Loop = double (*)(int64_t);

// Macs per second of `loop`: grows the trip count until one run takes
// `seconds`, then keeps the best of five runs (neighbours on a shared
// machine only ever slow a run down).
double Rate(Loop loop, double seconds) {
  int64_t iterations = 1024;
  auto run = [&] {
    const auto start = std::chrono::steady_clock::now();
    const double macs = loop(iterations);
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::make_pair(macs, elapsed);
  };
  auto [macs, elapsed] = run();
  while (elapsed < seconds / 4) {
    iterations *= 2;
    std::tie(macs, elapsed) = run();
  }
  double best = macs / elapsed;
  for (int i = 0; i < 4; ++i) {
    std::tie(macs, elapsed) = run();
    best = std::max(best, macs / elapsed);
  }
  return best;
}

}  // namespace

PeakRates MeasurePeakRates(double seconds) {
  PeakRates r;
  Loop fp32 = x86::Fp32MacsGeneric, int8 = x86::Int8MacsGeneric;
  r.fp32_isa = "generic scalar";
  r.int8_isa = "generic scalar";
#ifdef MINT8_BUILT_AVX2
  if (IsaAvailable(Isa::kAvx2)) {
    fp32 = x86::Fp32MacsAvx2;
    int8 = x86::Int8MacsAvx2;
    r.fp32_isa = "avx2 vfmadd231ps";
    r.int8_isa = "avx2 vpmaddubsw+vpmaddwd";
  }
#endif
#ifdef MINT8_BUILT_AVX512
  if (IsaAvailable(Isa::kAvx512)) {
    fp32 = x86::Fp32MacsAvx512;
    int8 = x86::Int8MacsAvx512;
    r.fp32_isa = "avx512 vfmadd231ps";
    r.int8_isa = "avx512 vpmaddubsw+vpmaddwd";
  }
#endif
#ifdef MINT8_BUILT_AVX512_VNNI
  if (IsaAvailable(Isa::kAvx512Vnni)) {
    int8 = x86::Int8MacsAvx512Vnni;
    r.int8_isa = "avx512 vpdpbusd";
  }
#endif
  r.fp32_macs_per_second = Rate(fp32, seconds);
  r.int8_macs_per_second = Rate(int8, seconds);
  return r;
}

}  // namespace mint8
