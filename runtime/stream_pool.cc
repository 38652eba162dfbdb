#include "runtime/stream_pool.h"

#include <omp.h>
#include <pthread.h>
#include <sched.h>

#include "absl/strings/str_cat.h"
#include "runtime/core_count.h"

namespace mint8::runtime {

struct StreamPool::Request {
  absl::Span<const ir::ConstTensorView> inputs;
  absl::Span<const ir::MutableTensorView> outputs;
  absl::Status status;
  bool done = false;
  std::condition_variable finished;
};

namespace {

// Pins the calling thread (and the OpenMP threads it starts later, which
// inherit its mask) to `cpus`.
bool PinTo(const std::vector<int>& cpus) {
  cpu_set_t set;
  CPU_ZERO(&set);
  for (int cpu : cpus) CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof(set), &set) == 0;
}

}  // namespace

absl::StatusOr<std::unique_ptr<StreamPool>> StreamPool::Create(const ir::Graph& model, SessionOptions options,
                                                               int streams) {
  if (options.num_threads == 0) options.num_threads = 1;
  if (streams < 1 || streams > kMaxThreads || options.num_threads < 0 ||
      static_cast<int64_t>(streams) * options.num_threads > kMaxThreads) {
    return absl::InvalidArgumentError(absl::StrCat("a stream pool runs 1 to ", kMaxThreads,
                                                   " threads in all; got ", streams, " streams of ",
                                                   options.num_threads, " threads"));
  }
  std::unique_ptr<StreamPool> pool(new StreamPool());
  auto session = Session::Create(model, options);
  if (!session.ok()) return session.status();
  pool->session_ = std::move(*session);
  pool->threads_per_stream_ = options.num_threads;
  const std::vector<int> cpus = AllowedCpus();
  pool->pinned_ = cpus.size() >= static_cast<size_t>(streams) * options.num_threads;
  for (int s = 0; s < streams; ++s) {
    std::vector<int> mine;  // this stream's cores, when pinned
    if (pool->pinned_) {
      mine.assign(cpus.begin() + s * options.num_threads, cpus.begin() + (s + 1) * options.num_threads);
    }
    pool->workers_.emplace_back([p = pool.get(), mine = std::move(mine)] { p->Work(mine); });
  }
  return pool;
}

StreamPool::~StreamPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  work_ready_.notify_all();
  for (std::thread& w : workers_) w.join();
}

void StreamPool::Work(const std::vector<int>& cpus) {
  if (!cpus.empty()) PinTo(cpus);
  omp_set_num_threads(threads_per_stream_);
  std::unique_ptr<RunContext> context = session_->NewContext();
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    Request* request = queue_.front();
    queue_.pop_front();
    lock.unlock();
    const absl::Status status = session_->Run(*context, request->inputs, request->outputs);
    lock.lock();
    request->status = status;
    request->done = true;
    request->finished.notify_one();
  }
}

absl::Status StreamPool::Run(absl::Span<const ir::ConstTensorView> inputs,
                             absl::Span<const ir::MutableTensorView> outputs) {
  Request request;
  request.inputs = inputs;
  request.outputs = outputs;
  std::unique_lock<std::mutex> lock(mutex_);
  queue_.push_back(&request);
  work_ready_.notify_one();
  request.finished.wait(lock, [&request] { return request.done; });
  return request.status;
}

}  // namespace mint8::runtime
