// Saving and loading calibration statistics (calibration_cache.proto). A
// cache belongs to one fused graph; loading it for another is an error. It
// holds the passes made over the same images, by key: the calibration of a
// graph under its fingerprint, and passes over graphs derived from the fused
// one (cross-layer equalization's channel ranges, then the equalized graph).
#ifndef MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_
#define MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"

namespace mint8::quantization {

// Identifies a graph: its structure and a checksum of its weights.
std::string GraphFingerprint(const ir::Graph& graph);

using CachedStatistics = std::map<std::string, StatisticsMap>;  // by key

// `fingerprint`: of the fused graph the passes started from.
absl::Status SaveCalibrationCache(const std::string& path, const std::string& fingerprint,
                                  const std::string& description, const CachedStatistics& passes);

// Fails when the file is missing, corrupt, or made for another graph.
absl::StatusOr<CachedStatistics> LoadCalibrationCache(const std::string& path, const std::string& fingerprint,
                                                      std::string* description);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_
