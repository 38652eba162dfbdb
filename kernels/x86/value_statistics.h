// Calibration's per-tensor scan, as two kernels over a run of floats:
//
//   SummarizeValues  min, max (NaN ignored), whether any value is NaN or
//                    infinite, and the sum (in double: calibration's channel
//                    means feed bias correction);
//   CountBins        a histogram of |x|: value x lands in bin
//                    min(bins - 1, trunc(|x| * per_bin)) of one of
//                    kValueHistogramTables interleaved tables (element i in
//                    table i % kValueHistogramTables, so runs of equal values
//                    do not wait on one counter); zeros are counted apart.
//
// Both have a portable reference and an AVX2 loop that equals it bit for bit
// (the sum uses 8 double lanes, element i in lane i % 8, combined pairwise).
//
//   ValueSummary s = SummarizeValues(x, n, BestAvailableIsa());
//   std::vector<uint32_t> counts(kValueHistogramTables * bins);
//   int64_t zeros = CountBins(x, n, per_bin, bins, counts.data(), BestAvailableIsa());
#ifndef MINT8_KERNELS_X86_VALUE_STATISTICS_H_
#define MINT8_KERNELS_X86_VALUE_STATISTICS_H_

#include <cstdint>

#include "kernels/x86/cpu_features.h"
#include "kernels/x86/value_statistics_kernels.h"

namespace mint8::x86 {

ValueSummary SummarizeValuesReference(const float* x, int64_t n);
int64_t CountBinsReference(const float* x, int64_t n, float per_bin, int bins, uint32_t* counts);

// `isa` below AVX2 (or AVX2 not available here) runs the reference.
ValueSummary SummarizeValues(const float* x, int64_t n, Isa isa);
int64_t CountBins(const float* x, int64_t n, float per_bin, int bins, uint32_t* counts, Isa isa);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_VALUE_STATISTICS_H_
