// The per-ISA loops of value_statistics.h, and what they share with the
// reference.
#ifndef MINT8_KERNELS_X86_VALUE_STATISTICS_KERNELS_H_
#define MINT8_KERNELS_X86_VALUE_STATISTICS_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

inline constexpr int kValueHistogramTables = 4;

struct ValueSummary {
  float lo = 0, hi = 0;  // +inf / -inf when there is no number
  double sum = 0;
  bool finite = true;  // no NaN, no infinity
};

// The sum's eight lanes combined in the order both implementations use.
inline double CombineSumLanes(const double lanes[8]) {
  return ((lanes[0] + lanes[4]) + (lanes[2] + lanes[6])) + ((lanes[1] + lanes[5]) + (lanes[3] + lanes[7]));
}

// Elements [0, n - n % 8): the vector part. The caller finishes the tail
// with the reference rule; `lanes` and `counts` are accumulated into.
void SummarizeValuesAvx2(const float* x, int64_t n, float* lo, float* hi, bool* finite, double lanes[8]);
int64_t CountBinsAvx2(const float* x, int64_t n, float per_bin, int bins, uint32_t* counts);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_VALUE_STATISTICS_KERNELS_H_
