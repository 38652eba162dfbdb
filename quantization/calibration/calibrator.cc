#include "quantization/calibration/calibrator.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "kernels/huge_pages.h"
#include "quantization/calibration/parallel_for.h"
#include "runtime/session.h"

namespace mint8::quantization {

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
  options.adapt_threads = false;  // a second, single-thread plan would cost more than it saves here
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
  std::unique_ptr<runtime::Session> session = *std::move(created);
  const runtime::TensorSpec& in_spec = session->inputs()[0];
  const int64_t per_image = ir::NumElements(in_spec.dims) / batch_size;

  std::vector<float> input(ir::NumElements(in_spec.dims));
  // Every activation of a batch at once: in huge pages, and not zeroed first.
  std::vector<size_t> offsets;
  size_t total = 0;
  for (const runtime::TensorSpec& spec : session->outputs()) {
    offsets.push_back(total);
    total += (ir::NumElements(spec.dims) + 15) / 16 * 16;
  }
  kernels::HugePageBuffer storage(total * sizeof(float));
  std::vector<const float*> outputs;
  std::vector<ir::MutableTensorView> out_views;
  for (size_t i = 0; i < offsets.size(); ++i) {
    float* data = reinterpret_cast<float*>(storage.data()) + offsets[i];
    outputs.push_back(data);
    out_views.push_back({ir::DataType::kF32, session->outputs()[i].dims, data});
  }
  StatisticsMap stats;
  std::vector<TensorStatistics*> stats_in_order;
  for (const std::string& name : names) stats_in_order.push_back(&stats[name]);
  for (int64_t start = 0; start < images.count; start += batch_size) {
    const int64_t n = std::min(batch_size, images.count - start);
    std::vector<absl::Status> loaded(n);
    auto load = [&](int64_t i) { loaded[i] = images.load(start + i, input.data() + i * per_image); };
    if (images.parallel_load) {
      ParallelFor(n, load);
    } else {
      for (int64_t i = 0; i < n; ++i) load(i);
    }
    for (const absl::Status& s : loaded) MINT8_RETURN_IF_ERROR(s);
    ir::ConstTensorView in{ir::DataType::kF32, in_spec.dims, input.data()};
    MINT8_RETURN_IF_ERROR(session->Run({&in, 1}, out_views));
    // Tensors are independent: observe them on all cores.
    std::vector<absl::Status> observed_status(names.size());
    ParallelFor(static_cast<int64_t>(names.size()), [&](int64_t t) {
      // A short last batch: only its first n images are real.
      const int64_t used = ir::NumElements(session->outputs()[t].dims) / batch_size * n;
      const ir::Dims& dims = session->outputs()[t].dims;
      const int64_t channels = dims.size() >= 2 ? dims[1] : 1;
      const int64_t inner = dims.size() >= 2 ? ir::NumElements(dims) / (dims[0] * channels) : 1;
      observed_status[t] = stats_in_order[t]->Observe(outputs[t], used, channels, inner);
    });
    for (size_t t = 0; t < names.size(); ++t) {
      if (!observed_status[t].ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("calibration: tensor '", names[t], "' ", observed_status[t].message()));
      }
    }
    if (progress) progress(start + n);
  }
  return stats;
}

}  // namespace mint8::quantization
