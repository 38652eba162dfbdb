// StreamPool: throughput mode, like OpenVINO's streams. One compiled Session
// is run by `streams` worker threads, each with its own run context and
// SessionOptions::num_threads OpenMP threads, pinned to cores of their own
// when the machine has enough. Callers hand requests to whichever stream is
// idle; N callers at once keep N streams busy.
//
//   SessionOptions options;
//   options.num_threads = 1;                       // threads per stream
//   auto pool = StreamPool::Create(graph, options, /*streams=*/2);
//   // from any number of threads:
//   absl::Status s = (*pool)->Run(inputs, outputs);  // blocks until done
//
// Batch 1 latency is the Session's; throughput scales with the streams as
// long as each has a core (a stream per core beats one run on all cores for
// small images, where a layer has too little work to split).
#ifndef MINT8_RUNTIME_STREAM_POOL_H_
#define MINT8_RUNTIME_STREAM_POOL_H_

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ir/graph.h"
#include "ir/tensor_view.h"
#include "runtime/session.h"

namespace mint8::runtime {

class StreamPool {
 public:
  // InvalidArgument for streams outside [1, kMaxThreads] or a thread count
  // (options.num_threads, per stream; 0 means 1 here) that would put more
  // threads than kMaxThreads on the pool.
  static absl::StatusOr<std::unique_ptr<StreamPool>> Create(const ir::Graph& model, SessionOptions options,
                                                            int streams);
  // Runs what is queued, then stops the streams.
  ~StreamPool();
  StreamPool(const StreamPool&) = delete;
  StreamPool& operator=(const StreamPool&) = delete;

  const Session& session() const { return *session_; }
  int streams() const { return static_cast<int>(workers_.size()); }
  // Whether each stream's threads were pinned to cores of their own.
  bool pinned() const { return pinned_; }

  // Runs one request on the next idle stream; blocks until it is done.
  // Thread-safe. The views must stay valid until it returns.
  absl::Status Run(absl::Span<const ir::ConstTensorView> inputs,
                   absl::Span<const ir::MutableTensorView> outputs);

 private:
  struct Request;
  StreamPool() = default;
  // A stream's loop, on `cpus` (empty: wherever the OS puts it).
  void Work(const std::vector<int>& cpus);

  std::unique_ptr<Session> session_;
  std::vector<std::thread> workers_;
  bool pinned_ = false;
  int threads_per_stream_ = 1;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<Request*> queue_;
  bool stopping_ = false;
};

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_STREAM_POOL_H_
