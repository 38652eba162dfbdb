// Interleaved speed measurement of several compiled models on the same input:
// one run of each in turn, so a noisy machine slows all of them alike and
// their ratio stays fair.
#ifndef MINT8_TOOLS_COMMON_SPEED_H_
#define MINT8_TOOLS_COMMON_SPEED_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "runtime/session.h"

namespace mint8::tools {

struct SpeedOptions {
  int warmup = 5;
  int min_iterations = 20;
  double min_seconds = 2.0;
};

struct Speed {
  std::vector<double> latencies_ms;
  double images_per_second = 0;  // batch / mean latency
  double Percentile(double p) const;
};

// Feeds each session synthetic images (or a smooth ramp for other inputs).
absl::StatusOr<std::vector<Speed>> MeasureInterleaved(const std::vector<const runtime::Session*>& sessions,
                                                      const SpeedOptions& options);

// Images per second of each graph, compiled for one thread and timed
// interleaved for `seconds`: quantization::PipelineOptions::time_models.
std::function<absl::StatusOr<std::vector<double>>(const std::vector<const ir::Graph*>&)>
InterleavedModelTimer(double seconds, int64_t memory_budget_bytes);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_SPEED_H_
