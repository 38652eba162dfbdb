// ThreadAdapter: the thread count of each run of a multi-threaded session,
// so that a busy core never makes N threads slower than one. With another
// process on one of the cores, every OpenMP parallel region (one per layer)
// waits for the descheduled thread: measured, ResNet-50 INT8 on 2 threads
// fell from 143 to 30 images/s while 1 thread still ran 82.
//
// It times runs at both counts (an exponential average each), keeps running
// the faster one, and re-measures the other every `probe_interval` runs, so
// it follows the load as it comes and goes at a cost of one run in
// probe_interval.
//
//   ThreadAdapter adapter(4);
//   const int threads = adapter.ThreadsForNextRun();
//   ... run with `threads` ...
//   adapter.Record(threads, milliseconds);
#ifndef MINT8_RUNTIME_THREAD_ADAPTER_H_
#define MINT8_RUNTIME_THREAD_ADAPTER_H_

#include <cstdint>

namespace mint8::runtime {

class ThreadAdapter {
 public:
  explicit ThreadAdapter(int threads, int probe_interval = 256)
      : threads_(threads), probe_interval_(probe_interval) {}

  int ThreadsForNextRun();
  void Record(int threads, double milliseconds);
  // The count runs use between probes.
  int preferred() const { return prefer_single_ ? 1 : threads_; }

 private:
  int threads_;
  int probe_interval_;
  int64_t runs_ = 0;
  double average_ms_[2] = {0, 0};  // [0]: threads_, [1]: one thread; 0 = not measured
  bool prefer_single_ = false;
};

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_THREAD_ADAPTER_H_
