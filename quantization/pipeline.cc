#include "quantization/pipeline.h"

#include <algorithm>
#include <chrono>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "quantization/calibration/calibration_cache.h"

namespace mint8::quantization {
namespace {

// The prepared FP32 graph, and for QAT conversion the harvested scales.
absl::Status Prepare(const ir::Graph& model, const PipelineOptions& options, PipelineResult& result,
                     QuantizerOptions& quantizer) {
  const bool has_qdq = HasQdqNodes(model);
  if (options.mode == PipelineMode::kQat && !has_qdq) {
    return absl::InvalidArgumentError(
        "QAT conversion: the model has no QuantizeLinear/DequantizeLinear nodes");
  }
  result.qat = options.mode == PipelineMode::kQat || (options.mode == PipelineMode::kAuto && has_qdq);
  if (!has_qdq) {
    MINT8_ASSIGN_OR_RETURN(result.prepared, PrepareForQuantization(model, options.input_shapes));
    return absl::OkStatus();
  }
  // PTQ of a QDQ model removes its pairs too (the weights keep their
  // fake-quantized values) but ignores its scales.
  MINT8_ASSIGN_OR_RETURN(PreparedQatModel qdq, PrepareQatModel(model, options.input_shapes));
  result.prepared = std::move(qdq.graph);
  if (result.qat) {
    quantizer.harvested_scales = std::move(qdq.scales);
    result.harvested_scales = static_cast<int>(quantizer.harvested_scales.activations.size());
  }
  return absl::OkStatus();
}

// What calibration knows: the statistics of the prepared graph and of the
// graphs derived from it, and whether the cache lacks any of them.
struct Calibration {
  StatisticsMap stats;
  DerivedStatistics derived;
  bool unsaved = false;
};

absl::StatusOr<StatisticsMap> RunCalibration(const PipelineOptions& options, PipelineResult& result) {
  const auto start = std::chrono::steady_clock::now();
  MINT8_ASSIGN_OR_RETURN(StatisticsMap stats, Calibrate(result.prepared, *options.calibration,
                                                        options.calibration_batch_size, options.progress));
  result.calibration_seconds +=
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.cache_hit = false;
  return stats;
}

// From the cache when it holds the same images, else by running the FP32
// graph over them.
absl::StatusOr<Calibration> LoadOrCalibrate(const PipelineOptions& options, const std::string& fingerprint,
                                            PipelineResult& result) {
  Calibration calibration;
  result.cache_description = options.calibration_description;
  if (!options.cache_path.empty() && std::ifstream(options.cache_path).good()) {
    std::string cached_description;
    MINT8_ASSIGN_OR_RETURN(
        calibration.stats,
        LoadCalibrationCache(options.cache_path, fingerprint, &cached_description, &calibration.derived));
    if (cached_description == options.calibration_description) {
      result.cache_hit = true;
      return calibration;
    }
    result.stale_cache_description = cached_description;
    calibration.derived.clear();
  }
  MINT8_ASSIGN_OR_RETURN(calibration.stats, RunCalibration(options, result));
  calibration.unsaved = true;
  return calibration;
}

// Equalizes result.prepared with the statistics; returns those of the
// equalized graph.
absl::StatusOr<StatisticsMap> Equalize(const PipelineOptions& options, Calibration& calibration,
                                       PipelineResult& result) {
  MINT8_ASSIGN_OR_RETURN(result.equalized, EqualizeChannels(result.prepared, calibration.stats));
  if (result.equalized.empty()) return calibration.stats;
  const std::string fingerprint = GraphFingerprint(result.prepared);
  const auto cached = calibration.derived.find(fingerprint);
  if (cached != calibration.derived.end()) return cached->second;
  MINT8_ASSIGN_OR_RETURN(StatisticsMap stats, RunCalibration(options, result));
  calibration.derived[fingerprint] = stats;
  calibration.unsaved = true;
  return stats;
}

}  // namespace

absl::StatusOr<PipelineResult> QuantizeModel(const ir::Graph& model, const PipelineOptions& options) {
  PipelineResult result;
  QuantizerOptions quantizer = options.quantizer;
  MINT8_RETURN_IF_ERROR(Prepare(model, options, result, quantizer));
  if (!options.calibration.has_value()) {
    if (options.accuracy_budget.has_value()) {
      return absl::InvalidArgumentError(
          "an accuracy budget needs calibration images (the statistics to re-quantize with)");
    }
    if (!result.qat) return absl::InvalidArgumentError("post-training quantization needs calibration images");
    MINT8_ASSIGN_OR_RETURN(result.int8,
                           QuantizeWithStatistics(result.prepared, {}, quantizer, &result.report));
    return result;
  }
  if (options.calibration->count <= 0) return absl::InvalidArgumentError("no calibration images");
  const std::string fingerprint = GraphFingerprint(result.prepared);
  MINT8_ASSIGN_OR_RETURN(Calibration calibration, LoadOrCalibrate(options, fingerprint, result));
  StatisticsMap stats = calibration.stats;
  if (options.equalize_channels && !result.qat) {
    MINT8_ASSIGN_OR_RETURN(stats, Equalize(options, calibration, result));
  }

  CalibrationImages tuning = *options.calibration;
  tuning.count = std::min(tuning.count, options.tuning_images);
  if (quantizer.weight_bits == 0 && quantizer.activation_bits == 0 && !TargetHasVnni(quantizer.target)) {
    // A QAT model is compared with itself run as is (its fake quantization
    // emulated), not with the FP32 graph its QDQ pairs were removed from.
    MINT8_ASSIGN_OR_RETURN(result.modes, CompareInt8Modes(result.prepared, stats, quantizer, tuning,
                                                          {{7, 8}, {8, 7}}, result.qat ? &model : nullptr));
    quantizer.weight_bits = result.modes[0].weight_bits;
    quantizer.activation_bits = result.modes[0].activation_bits;
  }
  if (options.accuracy_budget.has_value()) {
    if (options.fp32_fallback_layers > 0) {
      return absl::InvalidArgumentError(
          "give an accuracy budget or a number of FP32 fallback layers, not both");
    }
    const TuningImages calibration_tuning{tuning, {}, 0};
    MINT8_ASSIGN_OR_RETURN(
        result.budget_search,
        SearchFp32Fallback(result.prepared, stats, quantizer,
                           options.tuning.has_value() ? *options.tuning : calibration_tuning,
                           *options.accuracy_budget));
    if (!result.budget_search->fp32_layers.empty()) {
      MINT8_ASSIGN_OR_RETURN(result.int8_without_fallback,
                             QuantizeWithStatistics(result.prepared, stats, quantizer, nullptr));
    }
    quantizer.exclude_nodes.insert(result.budget_search->fp32_layers.begin(),
                                   result.budget_search->fp32_layers.end());
  } else if (options.fp32_fallback_layers > 0) {
    MINT8_ASSIGN_OR_RETURN(auto ranking, RankLayerSensitivity(result.prepared, stats, quantizer, tuning));
    for (int i = 0; i < options.fp32_fallback_layers && i < static_cast<int>(ranking.size()); ++i) {
      quantizer.exclude_nodes.insert(ranking[i].node);
      result.fallback.push_back(ranking[i]);
    }
  }
  MINT8_ASSIGN_OR_RETURN(result.int8,
                         QuantizeWithStatistics(result.prepared, stats, quantizer, &result.report));
  result.int8.metadata()["calibration"] = result.cache_description;
  for (const LayerSensitivity& layer : result.fallback) {
    result.report.fp32_compute_nodes[layer.node] = "kept FP32 by fp32_fallback_layers";
  }
  if (result.budget_search.has_value()) {
    for (const std::string& layer : result.budget_search->fp32_layers) {
      result.report.fp32_compute_nodes[layer] = "kept FP32 by the accuracy budget";
    }
  }
  if (options.layer_report) {
    MINT8_ASSIGN_OR_RETURN(result.layer_report,
                           BuildLayerReport(result.prepared, result.int8, stats, result.report,
                                            options.tuning.has_value() ? options.tuning->images : tuning));
  }
  if (!options.cache_path.empty() && calibration.unsaved) {
    MINT8_RETURN_IF_ERROR(SaveCalibrationCache(options.cache_path, fingerprint, options.calibration_description,
                                               calibration.stats, calibration.derived));
  }
  return result;
}

}  // namespace mint8::quantization
