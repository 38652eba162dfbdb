#include "quantization/calibration/calibrator.h"

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "kernels/huge_pages.h"
#include "runtime/core_count.h"
#include "runtime/session.h"

namespace mint8::quantization {

namespace {

// One worker's run of a batch: its own run context, input and output
// buffers, so workers run side by side on one single-thread session.
class BatchObserver {
 public:
  BatchObserver(const runtime::Session& session, size_t tensors, int64_t batch_size)
      : session_(session), context_(session.NewContext()), batch_size_(batch_size) {
    const runtime::TensorSpec& in = session.inputs()[0];
    input_.resize(ir::NumElements(in.dims));
    std::vector<size_t> offsets;
    size_t total = 0;
    for (const runtime::TensorSpec& spec : session.outputs()) {
      offsets.push_back(total);
      total += (ir::NumElements(spec.dims) + 15) / 16 * 16;
    }
    // Not zeroed first: every element is written by each run.
    storage_ = std::make_unique<kernels::HugePageBuffer>(total * sizeof(float));
    for (size_t t = 0; t < tensors; ++t) {
      float* data = reinterpret_cast<float*>(storage_->data()) + offsets[t];
      outputs_.push_back({ir::DataType::kF32, session.outputs()[t].dims, data});
    }
  }

  // Loads `n` images (n <= batch size), runs them and returns the
  // statistics of each output (only the first n images of a short batch).
  absl::StatusOr<std::vector<TensorStatistics>> Observe(
      int64_t n, const std::function<absl::Status(int64_t, float*)>& load,
      const std::vector<std::string>& names) {
    const runtime::TensorSpec& in_spec = session_.inputs()[0];
    const int64_t per_image = ir::NumElements(in_spec.dims) / batch_size_;
    for (int64_t i = 0; i < n; ++i) MINT8_RETURN_IF_ERROR(load(i, input_.data() + i * per_image));
    const ir::ConstTensorView in{ir::DataType::kF32, in_spec.dims, input_.data()};
    MINT8_RETURN_IF_ERROR(session_.Run(*context_, {&in, 1}, outputs_));
    std::vector<TensorStatistics> stats(outputs_.size());
    for (size_t t = 0; t < outputs_.size(); ++t) {
      const ir::Dims& dims = outputs_[t].dims;
      const int64_t used = ir::NumElements(dims) / batch_size_ * n;
      const int64_t channels = dims.size() >= 2 ? dims[1] : 1;
      const int64_t inner = dims.size() >= 2 ? ir::NumElements(dims) / (dims[0] * channels) : 1;
      const absl::Status observed =
          stats[t].Observe(static_cast<const float*>(outputs_[t].raw), used, channels, inner);
      if (!observed.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("calibration: tensor '", names[t], "' ", observed.message()));
      }
    }
    return stats;
  }

 private:
  const runtime::Session& session_;
  std::unique_ptr<runtime::RunContext> context_;
  const int64_t batch_size_;
  std::vector<float> input_;
  std::unique_ptr<kernels::HugePageBuffer> storage_;
  std::vector<ir::MutableTensorView> outputs_;
};

// Merges the batches' statistics in batch order, whichever worker finishes
// first: the channel sums are then added in the same order for any number
// of workers, so a model calibrates to the same bits on any machine. A
// worker that runs too far ahead of the oldest unfinished batch waits.
class OrderedMerge {
 public:
  OrderedMerge(size_t tensors, int64_t workers, int64_t batch_size, int64_t images,
               const std::function<void(int64_t)>& progress)
      : merged_(tensors),
        max_pending_(4 * workers),
        batch_size_(batch_size),
        images_(images),
        progress_(progress) {}

  void Add(int64_t batch, absl::StatusOr<std::vector<TensorStatistics>> stats) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!stats.ok()) {
      // Batches are taken in order, so every earlier one is done or running:
      // the earliest failure reported is the first in the data.
      if (!error_.has_value() || batch < error_->first) error_.emplace(batch, stats.status());
      failed_ = true;
      advanced_.notify_all();
      return;
    }
    pending_.emplace(batch, *std::move(stats));
    while (!pending_.empty() && pending_.begin()->first == next_) {
      for (size_t t = 0; t < merged_.size() && merge_status_.ok(); ++t) {
        merge_status_ = merged_[t].Merge(pending_.begin()->second[t]);
      }
      pending_.erase(pending_.begin());
      ++next_;
      if (progress_) progress_(std::min(next_ * batch_size_, images_));
    }
    advanced_.notify_all();
    advanced_.wait(lock, [&] { return failed_ || static_cast<int64_t>(pending_.size()) < max_pending_; });
  }

  bool failed() const { return failed_; }

  absl::StatusOr<std::vector<TensorStatistics>> Result() {
    if (error_.has_value()) return error_->second;
    MINT8_RETURN_IF_ERROR(merge_status_);
    return std::move(merged_);
  }

 private:
  std::mutex mutex_;
  std::condition_variable advanced_;
  std::vector<TensorStatistics> merged_;
  std::map<int64_t, std::vector<TensorStatistics>> pending_;
  int64_t next_ = 0;
  const int64_t max_pending_, batch_size_, images_;
  const std::function<void(int64_t)>& progress_;
  std::atomic<bool> failed_{false};
  std::optional<std::pair<int64_t, absl::Status>> error_;
  absl::Status merge_status_;
};

}  // namespace

std::vector<std::string> ObservedTensors(const ir::Graph& graph) {
  std::vector<std::string> names;
  for (const std::string& in : graph.inputs()) {
    if (graph.FindTensor(in)->dtype == ir::DataType::kF32) names.push_back(in);
  }
  for (const auto& node : graph.nodes()) {
    for (const std::string& out : node->outputs) {
      const ir::TensorInfo* t = graph.FindTensor(out);
      if (t != nullptr && t->dtype == ir::DataType::kF32 && !t->is_constant()) names.push_back(out);
    }
  }
  return names;
}

absl::StatusOr<StatisticsMap> Calibrate(const ir::Graph& graph, const CalibrationImages& images,
                                        int64_t batch_size, const std::function<void(int64_t)>& progress) {
  return CalibrateTensors(graph, images, batch_size, ObservedTensors(graph), progress);
}

absl::StatusOr<StatisticsMap> CalibrateTensors(const ir::Graph& graph, const CalibrationImages& images,
                                               int64_t batch_size, const std::vector<std::string>& names,
                                               const std::function<void(int64_t)>& progress) {
  if (images.count <= 0) return absl::InvalidArgumentError("no calibration images");
  if (graph.inputs().size() != 1) {
    return absl::InvalidArgumentError("calibration needs a model with exactly one input");
  }
  batch_size = std::max<int64_t>(1, std::min(batch_size, images.count));
  // Every observed tensor becomes an output, so the runtime hands it back.
  ir::Graph observed = graph;
  observed.outputs() = names;
  runtime::SessionOptions options;
  options.optimize = false;  // the caller fused already; these are the tensors that survived
  options.batch_size = batch_size;
  options.check_inputs = true;
  // Workers run batches side by side, one core each (as evaluate does):
  // small batches keep a run's activations in cache, and fresh memory is
  // costly to fault in (notably in a virtual machine).
  options.num_threads = 1;
  options.adapt_threads = false;
  // No kernel races: which of two kernels a timing picks (direct or Winograd
  // FP32 convolutions round differently) would make the statistics, and so
  // the scales, depend on the machine's load and on the batch size.
  options.kernel_choice = runtime::KernelChoice::kOnednn;
  auto created = runtime::Session::Create(observed, options);
  // Models that fix the batch in a constant (a Reshape to [1, N]) fail shape
  // inference at batch N, and a batch may exceed the memory budget: both
  // take one image at a time. Any other failure is the model's own.
  if (!created.ok() && batch_size > 1 &&
      (absl::IsInvalidArgument(created.status()) || absl::IsResourceExhausted(created.status()))) {
    const absl::Status batched = created.status();
    options.batch_size = 1;
    created = runtime::Session::Create(observed, options);
    if (!created.ok()) {
      return absl::Status(created.status().code(),
                          absl::StrCat("with batch ", batch_size, ": ", batched.message(),
                                       "; with batch 1: ", created.status().message()));
    }
    batch_size = 1;
  }
  if (!created.ok()) return created.status();
  const std::unique_ptr<runtime::Session> session = *std::move(created);
  const int64_t batches = (images.count + batch_size - 1) / batch_size;
  const int64_t workers = std::min<int64_t>(batches, runtime::UsableCores());
  OrderedMerge merge(names.size(), workers, batch_size, images.count, progress);
  std::mutex load_mutex;
  std::atomic<int64_t> next_batch{0};
  auto work = [&] {
    BatchObserver observer(*session, names.size(), batch_size);
    for (int64_t b = next_batch++; b < batches && !merge.failed(); b = next_batch++) {
      const int64_t first = b * batch_size, n = std::min(batch_size, images.count - first);
      auto load = [&](int64_t i, float* data) {
        if (images.parallel_load) return images.load(first + i, data);
        std::lock_guard<std::mutex> lock(load_mutex);
        return images.load(first + i, data);
      };
      merge.Add(b, observer.Observe(n, load, names));
    }
  };
  std::vector<std::thread> helpers;
  for (int64_t w = 1; w < workers; ++w) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
  MINT8_ASSIGN_OR_RETURN(std::vector<TensorStatistics> merged, merge.Result());
  StatisticsMap stats;
  for (size_t t = 0; t < names.size(); ++t) stats[names[t]] = std::move(merged[t]);
  return stats;
}

}  // namespace mint8::quantization
