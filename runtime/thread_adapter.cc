#include "runtime/thread_adapter.h"

namespace mint8::runtime {

int ThreadAdapter::ThreadsForNextRun() {
  if (threads_ <= 1) return 1;
  ++runs_;
  // The first run of each count measures it; then a probe of the other
  // count every probe_interval_ runs.
  if (average_ms_[0] == 0) return threads_;
  if (average_ms_[1] == 0) return 1;
  const bool probe = runs_ % probe_interval_ == 0;
  return prefer_single_ != probe ? 1 : threads_;
}

void ThreadAdapter::Record(int threads, double milliseconds) {
  if (threads_ <= 1) return;
  double& average = average_ms_[threads == 1 ? 1 : 0];
  // A probe replaces the old figure outright: it may be from long ago.
  const bool stale = (threads == 1) != prefer_single_;
  average = average == 0 || stale ? milliseconds : 0.75 * average + 0.25 * milliseconds;
  if (average_ms_[0] > 0 && average_ms_[1] > 0) prefer_single_ = average_ms_[1] < average_ms_[0];
}

}  // namespace mint8::runtime
