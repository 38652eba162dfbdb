// ForThreadRanges: a kernel's loop over n independent items (pixels, rows,
// vectors) split into one contiguous range per OpenMP thread, or run whole
// on the caller's thread when there is one thread or the caller is already
// inside a parallel region.
//
//   ForThreadRanges(pixels, [&](int64_t begin, int64_t end) { ... });
#ifndef MINT8_KERNELS_X86_THREAD_RANGES_H_
#define MINT8_KERNELS_X86_THREAD_RANGES_H_

#include <omp.h>

#include <cstdint>

namespace mint8::x86 {

template <typename Body>
void ForThreadRanges(int64_t n, const Body& body) {
  if (omp_get_max_threads() == 1 || omp_in_parallel()) return body(0, n);
#pragma omp parallel
  {
    const int64_t t = omp_get_thread_num(), threads = omp_get_num_threads();
    body(n * t / threads, n * (t + 1) / threads);
  }
}

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_THREAD_RANGES_H_
