// Saving and loading calibration statistics (calibration_cache.proto). A
// cache belongs to one fused graph; loading it for another is an error.
#ifndef MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_
#define MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_

#include <string>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"

namespace mint8::quantization {

// Identifies a graph: its structure and a checksum of its weights.
std::string GraphFingerprint(const ir::Graph& graph);

absl::Status SaveCalibrationCache(const std::string& path, const std::string& fingerprint,
                                  const std::string& description, const StatisticsMap& stats);

// Fails when the file is missing, corrupt, or made for another graph.
absl::StatusOr<StatisticsMap> LoadCalibrationCache(const std::string& path, const std::string& fingerprint,
                                                   std::string* description);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_
