#include "tools/common/speed.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <numeric>

#include "ir/status_macros.h"
#include "tools/data/synthetic_images.h"

namespace mint8::tools {
namespace {

using Clock = std::chrono::steady_clock;

struct Io {
  std::vector<std::vector<float>> inputs;
  std::vector<ir::ConstTensorView> input_views;
  std::vector<std::vector<float>> outputs;
  std::vector<ir::MutableTensorView> output_views;
};

Io MakeIo(const runtime::Session& s) {
  Io io;
  for (const runtime::TensorSpec& spec : s.inputs()) {
    std::vector<float> v(ir::NumElements(spec.dims));
    if (spec.dims.size() == 4 && spec.dims[1] == 3) {
      const int64_t per_image = v.size() / spec.dims[0];
      for (int64_t i = 0; i < spec.dims[0]; ++i)
        SyntheticImage(7, i, spec.dims[2], spec.dims[3], v.data() + i * per_image);
    } else {
      for (size_t i = 0; i < v.size(); ++i) v[i] = std::sin(0.01f * i);
    }
    io.inputs.push_back(std::move(v));
  }
  for (size_t i = 0; i < io.inputs.size(); ++i)
    io.input_views.push_back({s.inputs()[i].dtype, s.inputs()[i].dims, io.inputs[i].data()});
  for (const runtime::TensorSpec& spec : s.outputs()) {
    io.outputs.emplace_back(ir::NumElements(spec.dims) * ir::DataTypeSize(spec.dtype) / sizeof(float) + 1);
  }
  for (size_t i = 0; i < io.outputs.size(); ++i)
    io.output_views.push_back({s.outputs()[i].dtype, s.outputs()[i].dims, io.outputs[i].data()});
  return io;
}

}  // namespace

double Speed::Percentile(double p) const {
  std::vector<double> v = latencies_ms;
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5))];
}

absl::StatusOr<std::vector<Speed>> MeasureInterleaved(const std::vector<const runtime::Session*>& sessions,
                                                      const SpeedOptions& options) {
  std::vector<Io> io;
  std::vector<std::unique_ptr<runtime::RunContext>> contexts;
  for (const runtime::Session* s : sessions) {
    io.push_back(MakeIo(*s));
    contexts.push_back(s->NewContext());
  }
  for (size_t m = 0; m < sessions.size(); ++m) {
    for (int i = 0; i < options.warmup; ++i) {
      MINT8_RETURN_IF_ERROR(sessions[m]->Run(*contexts[m], io[m].input_views, io[m].output_views));
    }
  }
  std::vector<Speed> speeds(sessions.size());
  const auto start = Clock::now();
  for (int iteration = 0;; ++iteration) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (iteration >= options.min_iterations && elapsed >= options.min_seconds) break;
    for (size_t m = 0; m < sessions.size(); ++m) {
      const auto t0 = Clock::now();
      MINT8_RETURN_IF_ERROR(sessions[m]->Run(*contexts[m], io[m].input_views, io[m].output_views));
      speeds[m].latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  }
  for (size_t m = 0; m < sessions.size(); ++m) {
    const auto& l = speeds[m].latencies_ms;
    const double mean = std::accumulate(l.begin(), l.end(), 0.0) / l.size();
    speeds[m].images_per_second = 1000.0 * sessions[m]->inputs()[0].dims[0] / mean;
  }
  return speeds;
}

std::function<absl::StatusOr<std::vector<double>>(const std::vector<const ir::Graph*>&)>
InterleavedModelTimer(double seconds, int64_t memory_budget_bytes) {
  return [seconds, memory_budget_bytes](
             const std::vector<const ir::Graph*>& graphs) -> absl::StatusOr<std::vector<double>> {
    runtime::SessionOptions options;
    options.num_threads = 1;
    options.memory_budget_bytes = memory_budget_bytes;
    std::vector<std::unique_ptr<runtime::Session>> sessions;
    std::vector<const runtime::Session*> timed;
    for (const ir::Graph* graph : graphs) {
      MINT8_ASSIGN_OR_RETURN(sessions.emplace_back(), runtime::Session::Create(*graph, options));
      timed.push_back(sessions.back().get());
    }
    SpeedOptions speed;
    speed.min_seconds = seconds;
    MINT8_ASSIGN_OR_RETURN(const std::vector<Speed> speeds, MeasureInterleaved(timed, speed));
    std::vector<double> images_per_second;
    for (const Speed& s : speeds) images_per_second.push_back(s.images_per_second);
    return images_per_second;
  };
}

}  // namespace mint8::tools
