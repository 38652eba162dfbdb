// Saving and loading calibration statistics (calibration_cache.proto). A
// cache belongs to one fused graph; loading it for another is an error. It
// holds the passes made over the same images, by key: the calibration of a
// graph under its fingerprint, and passes over graphs derived from the fused
// one (cross-layer equalization's channel ranges, then the equalized graph).
#ifndef MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_
#define MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"

namespace mint8::quantization {

// Identifies a graph: its structure and a checksum of its weights.
std::string GraphFingerprint(const ir::Graph& graph);

using CachedStatistics = std::map<std::string, StatisticsMap>;  // by key

// For a shard of the calibration images (one task of a cluster job): which
// shard, and which passes covered only its images (the others covered
// images every shard sees, e.g. equalization's first images).
struct CalibrationShard {
  int index = 0;
  int count = 1;
  std::set<std::string> sharded_keys;
};

// `fingerprint`: of the fused graph the passes started from. With `shard`,
// writes a shard's file, which MergeCalibrationShards combines.
absl::Status SaveCalibrationCache(const std::string& path, const std::string& fingerprint,
                                  const std::string& description, const CachedStatistics& passes,
                                  const CalibrationShard* shard = nullptr);

// Fails when the file is missing, corrupt, made for another graph, or a
// shard's file.
absl::StatusOr<CachedStatistics> LoadCalibrationCache(const std::string& path, const std::string& fingerprint,
                                                      std::string* description);

// Combines shard files (every shard of one job, once: same graph, images
// and shard count) into the cache at `path` that one process calibrating all
// the images would have written: sharded passes merged
// (TensorStatistics::Merge), the others checked equal. Returns the
// description of the calibration images.
absl::StatusOr<std::string> MergeCalibrationShards(const std::vector<std::string>& files,
                                                   const std::string& path);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_CALIBRATION_CALIBRATION_CACHE_H_
