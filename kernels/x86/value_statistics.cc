#include "kernels/x86/value_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mint8::x86 {
namespace {

// Elements [from, to) by the reference rule, into the running state.
void SummarizeScalar(const float* x, int64_t from, int64_t to, float* lo, float* hi, bool* finite,
                     double lanes[8]) {
  for (int64_t i = from; i < to; ++i) {
    *lo = x[i] < *lo ? x[i] : *lo;
    *hi = x[i] > *hi ? x[i] : *hi;
    *finite = *finite && std::isfinite(x[i]);
    lanes[i % 8] += x[i];
  }
}

int64_t CountBinsScalar(const float* x, int64_t from, int64_t to, float per_bin, int bins, uint32_t* counts) {
  const float last = static_cast<float>(bins - 1);
  int64_t zeros = 0;
  for (int64_t i = from; i < to; ++i) {
    const float a = std::fabs(x[i]);
    zeros += a == 0.f;
    ++counts[(i % kValueHistogramTables) * bins + static_cast<int>(std::min(a * per_bin, last))];
  }
  return zeros;
}

// -0 and +0 compare equal, so which one a min or max keeps depends on the
// order of the scan; both implementations report +0.
ValueSummary Finish(float lo, float hi, bool finite, const double lanes[8]) {
  return {lo + 0.f, hi + 0.f, CombineSumLanes(lanes), finite};
}

bool UseAvx2(Isa isa) { return isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2); }

}  // namespace

ValueSummary SummarizeValuesReference(const float* x, int64_t n) {
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  bool finite = true;
  double lanes[8] = {};
  SummarizeScalar(x, 0, n, &lo, &hi, &finite, lanes);
  return Finish(lo, hi, finite, lanes);
}

int64_t CountBinsReference(const float* x, int64_t n, float per_bin, int bins, uint32_t* counts) {
  return CountBinsScalar(x, 0, n, per_bin, bins, counts);
}

ValueSummary SummarizeValues(const float* x, int64_t n, Isa isa) {
  if (!UseAvx2(isa)) return SummarizeValuesReference(x, n);
  float lo = std::numeric_limits<float>::infinity(), hi = -lo;
  bool finite = true;
  double lanes[8] = {};
  const int64_t vector_part = n - n % 8;
#ifdef MINT8_BUILT_AVX2
  SummarizeValuesAvx2(x, vector_part, &lo, &hi, &finite, lanes);
#else
  SummarizeScalar(x, 0, vector_part, &lo, &hi, &finite, lanes);
#endif
  SummarizeScalar(x, vector_part, n, &lo, &hi, &finite, lanes);
  return Finish(lo, hi, finite, lanes);
}

int64_t CountBins(const float* x, int64_t n, float per_bin, int bins, uint32_t* counts, Isa isa) {
  if (!UseAvx2(isa)) return CountBinsReference(x, n, per_bin, bins, counts);
  const int64_t vector_part = n - n % 8;
#ifdef MINT8_BUILT_AVX2
  const int64_t zeros = CountBinsAvx2(x, vector_part, per_bin, bins, counts);
#else
  const int64_t zeros = CountBinsScalar(x, 0, vector_part, per_bin, bins, counts);
#endif
  return zeros + CountBinsScalar(x, vector_part, n, per_bin, bins, counts);
}

}  // namespace mint8::x86
