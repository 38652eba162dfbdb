// Saving and loading calibration statistics (calibration_cache.proto). A
// cache belongs to one fused graph; loading it for another is an error. It
// may also hold the statistics of graphs derived from that one with its
// statistics (cross-layer equalization rewrites the weights, and the
// rewritten graph is calibrated again), by their fingerprints.
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

using DerivedStatistics = std::map<std::string, StatisticsMap>;  // by graph fingerprint

absl::Status SaveCalibrationCache(const std::string& path, const std::string& fingerprint,
                                  const std::string& description, const StatisticsMap& stats,
                                  const DerivedStatistics& derived = {});

// Fails when the file is missing, corrupt, or made for another graph.
// `derived` (may be null) receives the derived graphs' statistics.
absl::StatusOr<StatisticsMap> LoadCalibrationCache(const std::string& path, const std::string& fingerprint,
                                                   std::string* description,
                                                   DerivedStatistics* derived = nullptr);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_
