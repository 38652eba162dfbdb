#include "tools/common/ptq.h"

#include <chrono>
#include <algorithm>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "kernels/onednn/engine.h"
#include "quantization/calibration/calibration_cache.h"
#include "quantization/calibration/calibrator.h"
#include "tools/common/report.h"

namespace mint8::tools {

absl::StatusOr<PtqResult> RunPtq(const ir::Graph& model, const PtqRequest& request) {
  PtqResult result;
  quantization::QuantizerOptions options = request.options;
  if (request.qat) {
    MINT8_ASSIGN_OR_RETURN(quantization::PreparedQatModel qat,
                           quantization::PrepareQatModel(model, request.input_shapes));
    result.prepared = std::move(qat.graph);
    options.harvested_scales = std::move(qat.scales);
    result.harvested_scales = static_cast<int>(options.harvested_scales.activations.size());
    if (request.calibration == nullptr) {
      MINT8_ASSIGN_OR_RETURN(result.int8, quantization::QuantizeWithStatistics(result.prepared, {}, options,
                                                                               &result.report));
      return result;
    }
  } else if (quantization::HasQdqNodes(model)) {
    // Post-training quantization of a QDQ model: its QDQ pairs are removed
    // (weights keep their fake-quantized values) and its scales ignored.
    MINT8_ASSIGN_OR_RETURN(quantization::PreparedQatModel qdq,
                           quantization::PrepareQatModel(model, request.input_shapes));
    result.prepared = std::move(qdq.graph);
  } else {
    MINT8_ASSIGN_OR_RETURN(result.prepared, quantization::PrepareForQuantization(model, request.input_shapes));
  }
  if (request.calibration == nullptr) return absl::InvalidArgumentError("calibration data is required");
  const std::string fingerprint = quantization::GraphFingerprint(result.prepared);
  quantization::StatisticsMap stats;
  const std::string description =
      absl::StrCat(request.images, " images of ", request.calibration->Describe());
  bool have_stats = false;
  if (!request.cache_path.empty() && std::ifstream(request.cache_path).good()) {
    std::string cached_description;
    auto cached = quantization::LoadCalibrationCache(request.cache_path, fingerprint, &cached_description);
    if (!cached.ok()) return cached.status();
    // Statistics of other images (another folder, count, offset or
    // preprocessing) are not reused: the cache is calibrated again.
    if (cached_description == description) {
      stats = *std::move(cached);
      have_stats = true;
      result.cache_hit = true;
      result.cache_description = cached_description;
    } else {
      result.stale_cache_description = cached_description;
    }
  }
  if (!have_stats) {
    if (request.images <= 0 || request.images > request.calibration->size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "calibration needs ", request.images, " images; the calibration data has ",
          request.calibration->size()));
    }
    const auto start = std::chrono::steady_clock::now();
    ProgressLine progress("calibrating", request.images);
    quantization::CalibrationImages images;
    images.count = request.images;
    images.load = [&](int64_t i, float* data) {
      int64_t label;
      absl::Status s = request.calibration->Load(i, data, &label);
      if (!s.ok()) return absl::Status(s.code(), absl::StrCat(request.calibration->ItemName(i), ": ", s.message()));
      return s;
    };
    auto done = [&](int64_t n) {
      if (!request.quiet) progress.Update(n);
    };
    MINT8_ASSIGN_OR_RETURN(stats, quantization::Calibrate(result.prepared, images, request.batch_size, done));
    if (!request.quiet) progress.Finish();
    result.calibration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result.cache_description = description;
  }
  quantization::CalibrationImages images;
  images.count = std::min<int64_t>({request.images, request.calibration->size(), request.tuning_images});
  images.load = [&](int64_t i, float* data) {
    int64_t label;
    return request.calibration->Load(i, data, &label);
  };
  if (options.weight_bits == 0 && options.activation_bits == 0 && !kernels::onednn::OnednnHasInt8Vnni()) {
    // A QAT model is compared with itself run as is (its fake quantization
    // emulated), not with the FP32 graph its QDQ pairs were removed from.
    MINT8_ASSIGN_OR_RETURN(result.modes,
                           quantization::CompareInt8Modes(result.prepared, stats, options, images, {{7, 8}, {8, 7}},
                                                          request.qat ? &model : nullptr));
    options.weight_bits = result.modes[0].weight_bits;
    options.activation_bits = result.modes[0].activation_bits;
  }
  if (request.fp32_fallback_layers > 0) {
    MINT8_ASSIGN_OR_RETURN(auto ranking,
                           quantization::RankLayerSensitivity(result.prepared, stats, options, images));
    for (int i = 0; i < request.fp32_fallback_layers && i < static_cast<int>(ranking.size()); ++i) {
      options.exclude_nodes.insert(ranking[i].node);
      result.fallback.push_back(ranking[i]);
    }
  }
  MINT8_ASSIGN_OR_RETURN(result.int8, quantization::QuantizeWithStatistics(result.prepared, stats, options,
                                                                           &result.report));
  result.int8.metadata()["calibration"] = result.cache_description;
  // Written only once quantization succeeded: a failed run leaves no file.
  if (!request.cache_path.empty() && !result.cache_hit) {
    MINT8_RETURN_IF_ERROR(
        quantization::SaveCalibrationCache(request.cache_path, fingerprint, description, stats));
  }
  return result;
}

}  // namespace mint8::tools
