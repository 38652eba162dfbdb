// The quantization pipeline in one call: an FP32 or QDQ model in, an INT8
// model and a report out. What the tools run, and what a library user calls:
//
//   PipelineOptions options;
//   options.calibration = CalibrationImages{100, load_image};  // count + callback
//   options.calibration_description = "100 images of calib/, torch preprocessing";
//   options.quantizer.target = Int8Target::kVnni;              // default: this CPU
//   absl::StatusOr<PipelineResult> result = QuantizeModel(model, options);
//   ir::SaveModelFile(result->int8, "model_int8.mint8");
//
// Steps: prepare (bind shapes, fold, fuse; for a QDQ model harvest its scales
// and remove its pairs), for PTQ equalize channel ranges across layers
// (passes/channel_equalization.h), calibrate (or reuse the statistics cache
// when it holds the same images), on a target without VNNI and with no widths given
// pick the exact INT8 mode closer to FP32 (mode_selection.h), optionally keep
// the most sensitive layers FP32 (a given number, or the fewest that meet an
// accuracy budget: accuracy_search.h), quantize.
#ifndef MINT8_QUANTIZATION_PIPELINE_H_
#define MINT8_QUANTIZATION_PIPELINE_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/accuracy_search.h"
#include "quantization/calibration/calibrator.h"
#include "quantization/layer_report.h"
#include "quantization/mode_selection.h"
#include "quantization/passes/channel_equalization.h"
#include "quantization/quantizer.h"

namespace mint8::quantization {

enum class PipelineMode {
  kAuto,  // QAT conversion for a model with QDQ pairs, else PTQ
  kPtq,   // calibrate; a QDQ model's own scales are ignored
  kQat,   // scales from the QDQ pairs; calibration only for tensors without one
};

// One of `count` processes calibrating the same images (a cluster job):
// this one observes image i when i % count == index.
struct ImageShard {
  int index = 0;
  int count = 1;
};

// Images per second of each model on this CPU, measured together
// (interleaved) by the caller: the pipeline does not time anything itself.
using ModelTimer = std::function<absl::StatusOr<std::vector<double>>(const std::vector<const ir::Graph*>&)>;

// Without VNNI an INT8 depthwise convolution can run slower than the FP32
// one (no 4-way u8 x s8 dot product; the requantization costs as much as
// the few taps), so the model is quantized both ways and timed.
struct DepthwisePrecision {
  std::vector<std::string> nodes;  // the depthwise convolutions
  double int8_images_per_second = 0;
  double fp32_images_per_second = 0;  // with `nodes` kept FP32
  bool kept_fp32 = false;             // FP32 won by at least kDepthwiseFp32Margin
};
inline constexpr double kDepthwiseFp32Margin = 1.03;

struct PipelineOptions {
  QuantizerOptions quantizer;  // algorithm, exclusions, widths, target
  PipelineMode mode = PipelineMode::kAuto;
  std::map<std::string, ir::Dims> input_shapes;
  // Required for PTQ; optional for QAT conversion.
  std::optional<CalibrationImages> calibration;
  // What the images are (source, count, preprocessing): the statistics cache
  // is reused only for the same description.
  std::string calibration_description;
  // Images per run of each calibration worker (one worker per core): 1
  // keeps a run's activations in cache.
  int64_t calibration_batch_size = 1;
  // PTQ: cross-layer equalization (passes/channel_equalization.h) from the
  // channel ranges on the first 32 calibration images, then calibration of
  // the equalized graph.
  bool equalize_channels = true;
  std::string cache_path;  // "" for no statistics cache
  // CalibrateShard: this process's shard of the calibration images.
  std::optional<ImageShard> calibration_shard;
  // Keep this many layers FP32: those whose FP32 execution most reduces the
  // output error on the calibration images.
  int fp32_fallback_layers = 0;
  // Calibration images used to compare modes and rank layers.
  int64_t tuning_images = 30;
  // Accuracy-aware quantization: keep the fewest layers FP32 that meet the
  // budget on `tuning` (default: the first `tuning_images` calibration
  // images, unlabelled). Replaces fp32_fallback_layers.
  std::optional<AccuracyBudget> accuracy_budget;
  std::optional<TuningImages> tuning;
  // The budget's search split over processes: measure only this candidate
  // (MeasureFallbackCandidate) and quantize with its FP32 layers; the
  // caller gathers every candidate's result and picks with
  // PickFallbackCandidate.
  std::optional<ImageShard> budget_candidate;
  // ... with the layers already ranked (the ranking split over processes;
  // SortLayerRanking of every shard's result); else the candidate ranks them.
  std::optional<std::vector<LayerSensitivity>> layer_ranking;
  // The ranking split over processes: rank only this shard of the layers
  // (RankLayerSensitivity); the result's layer_ranking holds them.
  std::optional<ImageShard> ranking_shard;
  // Per-layer report (layer_report.h) on the tuning images.
  bool layer_report = false;
  // Target without VNNI: time the model with its depthwise convolutions
  // INT8 and FP32 and keep the faster (DepthwisePrecision). Empty: INT8.
  // The timer runs where the caller is, so set it only on a CPU of the
  // target's kind. Not with an accuracy budget, whose search measures
  // all-INT8 layers.
  ModelTimer time_models;
  std::function<void(int64_t images_done)> progress;  // may be empty
};

struct PipelineResult {
  bool qat = false;    // converted with the model's own scales
  ir::Graph prepared;  // the fused FP32 graph that was quantized
  ir::Graph int8;
  QuantizationReport report;
  // Target without VNNI and no widths given: both exact modes, best first.
  std::vector<ModeResult> modes;
  std::vector<LayerSensitivity> fallback;           // the layers kept FP32 (by fp32_fallback_layers)
  std::optional<Fp32FallbackSearch> budget_search;  // with accuracy_budget
  std::optional<CandidateResult> budget_candidate;  // with budget_candidate
  std::vector<LayerSensitivity> layer_ranking;      // with ranking_shard
  // When the budget kept layers FP32: the all-INT8 model, for the speed cost.
  std::optional<ir::Graph> int8_without_fallback;
  std::optional<LayerReport> layer_report;
  std::optional<DepthwisePrecision> depthwise_precision;  // with time_models, when timed
  int harvested_scales = 0;                               // QAT: tensors with a trained scale
  bool cache_hit = false;
  std::string cache_description;  // of the statistics used
  // The cache held statistics of other images (described here); replaced.
  std::string stale_cache_description;
  double calibration_seconds = 0;
  std::vector<EqualizedTensor> equalized;
};

// The statistics cache is written only when quantization succeeded: a
// failed call leaves no file behind.
absl::StatusOr<PipelineResult> QuantizeModel(const ir::Graph& model, const PipelineOptions& options);

// Calibration split over processes: each calibrates its
// options.calibration_shard of the images (after equalizing from the first
// images, which every shard reads, so all calibrate the same graph) and
// writes a shard file at options.cache_path. MergeCalibrationShards
// (calibration/calibration_cache.h) then writes the cache that one process
// calibrating every image would have written, and QuantizeModel with that
// cache and the same calibration_description quantizes without calibrating.
absl::Status CalibrateShard(const ir::Graph& model, const PipelineOptions& options);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_PIPELINE_H_
