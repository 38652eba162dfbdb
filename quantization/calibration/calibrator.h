// Calibrate: runs a (fused, specialized) FP32 graph over calibration images
// and gathers TensorStatistics for every activation that survives fusion
// (e.g. a convolution's output after its fused ReLU, not before).
//
//   CalibrationImages images{100, [&](int64_t i, float* chw) { return data.Load(i, chw); }};
//   auto stats = Calibrate(graph, images, /*batch_size=*/10, progress);
#ifndef MINT8_QUANTIZATION_CALIBRATION_CALIBRATOR_H_
#define MINT8_QUANTIZATION_CALIBRATION_CALIBRATOR_H_

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/calibration/tensor_statistics.h"

namespace mint8::quantization {

using StatisticsMap = std::map<std::string, TensorStatistics>;

struct CalibrationImages {
  int64_t count = 0;
  // Writes image i (the model input's shape without the batch) to `data`.
  std::function<absl::Status(int64_t i, float* data)> load;
  // `load` may run for several images at once (on the calibration threads).
  bool parallel_load = false;
};

// The graph must have one f32 input whose first dimension is the batch.
// `progress` (may be empty) is told how many images are done.
absl::StatusOr<StatisticsMap> Calibrate(const ir::Graph& graph, const CalibrationImages& images,
                                        int64_t batch_size, const std::function<void(int64_t)>& progress);

// The activations Calibrate observes: non-constant f32 tensors.
std::vector<std::string> ObservedTensors(const ir::Graph& graph);

// Calibrate, observing only `tensors` (some of ObservedTensors).
absl::StatusOr<StatisticsMap> CalibrateTensors(const ir::Graph& graph, const CalibrationImages& images,
                                               int64_t batch_size, const std::vector<std::string>& tensors,
                                               const std::function<void(int64_t)>& progress);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_CALIBRATION_CALIBRATOR_H_
