// MeasurePeakRates: this core's peak FP32 FMA and INT8 multiply-accumulate
// rates, measured with register-resident loops on the best ISA that is both
// compiled in and supported by the CPU. Benchmarks divide achieved GMAC/s by
// these to report "% of peak", which makes results comparable across
// machines.
#ifndef MINT8_KERNELS_X86_PEAK_PROBE_H_
#define MINT8_KERNELS_X86_PEAK_PROBE_H_

#include <string>

namespace mint8 {

struct PeakRates {
  double fp32_macs_per_second = 0;
  double int8_macs_per_second = 0;
  std::string fp32_isa;  // the instructions measured, e.g. "avx2 vfmadd231ps"
  std::string int8_isa;
};

// Runs each loop for about `seconds` on the calling thread (best of 3).
PeakRates MeasurePeakRates(double seconds = 0.1);

}  // namespace mint8

#endif  // MINT8_KERNELS_X86_PEAK_PROBE_H_
