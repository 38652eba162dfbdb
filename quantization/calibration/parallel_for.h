// ParallelFor: fn(i) for i in [0, count) on all usable cores
// (runtime/core_count.h), with plain threads.
// Decoding the tuning images uses it rather than OpenMP: the work is a few
// coarse items, and ThreadSanitizer sees thread start and join but not
// libgomp's (uninstrumented) barriers.
//
//   ParallelFor(count, [&](int64_t i) { Decode(i); });
#ifndef MINT8_QUANTIZATION_CALIBRATION_PARALLEL_FOR_H_
#define MINT8_QUANTIZATION_CALIBRATION_PARALLEL_FOR_H_

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "runtime/core_count.h"

namespace mint8::quantization {

template <typename Fn>
void ParallelFor(int64_t count, const Fn& fn) {
  const int64_t workers = std::min<int64_t>(count, runtime::UsableCores());
  std::atomic<int64_t> next{0};
  auto work = [&] {
    for (int64_t i = next++; i < count; i = next++) fn(i);
  };
  std::vector<std::thread> helpers;
  for (int64_t w = 1; w < workers; ++w) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
}

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_CALIBRATION_PARALLEL_FOR_H_
