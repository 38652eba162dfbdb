// Accuracy tuning on the calibration images.
//
// CompareInt8Modes: on a CPU without VNNI, oneDNN's INT8 products are exact
// only with 7-bit weights or 7-bit activations, and which costs less accuracy
// depends on the model (SqueezeNet 1.1 prefers 7-bit weights, MobileNet-V1
// 0.25 7-bit activations, by several points). This quantizes the model both
// ways and measures each against the FP32 model on the calibration images:
// the relative error of the outputs and how often the top-1 class agrees.
#ifndef MINT8_QUANTIZATION_MODE_SELECTION_H_
#define MINT8_QUANTIZATION_MODE_SELECTION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"
#include "quantization/quantizer.h"

namespace mint8::quantization {

// The first output of `graph` (f32) for each image, in image order (one
// single-thread run per image, a worker per core).
absl::StatusOr<std::vector<std::vector<float>>> RunFirstOutput(const ir::Graph& graph,
                                                               const CalibrationImages& images);

// Relative error sqrt(sum |got - reference|^2 / sum |reference|^2) and the
// percent of images whose top-1 class agrees.
std::pair<double, double> CompareOutputs(const std::vector<std::vector<float>>& got,
                                         const std::vector<std::vector<float>>& reference);

struct ModeResult {
  int weight_bits = 8, activation_bits = 8;
  double relative_error = 0;  // sqrt(sum |int8 - fp32|^2 / sum |fp32|^2) over the first output
  double top1_agreement = 0;  // percent of images
};

// Each of `modes` (weight_bits, activation_bits) quantized with `options`,
// run on `images` and compared with `reference` in FP32 (default `prepared`;
// for a QAT model, the QDQ model itself). Best first (lowest relative error).
absl::StatusOr<std::vector<ModeResult>> CompareInt8Modes(const ir::Graph& prepared,
                                                         const StatisticsMap& stats,
                                                         const QuantizerOptions& options,
                                                         const CalibrationImages& images,
                                                         const std::vector<std::pair<int, int>>& modes,
                                                         const ir::Graph* reference = nullptr);

struct LayerSensitivity {
  std::string node;
  double relative_error = 0;  // of the whole model with only this layer in FP32
};

// For each INT8 compute layer: the model's output error (as above) when that
// layer alone stays FP32. Most helpful first (ties by name). Costs one
// quantization and `images` runs per layer. Split over processes: shard
// `shard_index` of `shard_count` measures the layers at positions p with
// p % shard_count == shard_index; SortLayerRanking of the shards' results
// together is the whole ranking.
absl::StatusOr<std::vector<LayerSensitivity>> RankLayerSensitivity(const ir::Graph& prepared,
                                                                   const StatisticsMap& stats,
                                                                   const QuantizerOptions& options,
                                                                   const CalibrationImages& images,
                                                                   int shard_index = 0, int shard_count = 1);

// Most helpful first, ties by name.
void SortLayerRanking(std::vector<LayerSensitivity>& ranking);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_MODE_SELECTION_H_
