#include "quantization/calibration/calibration_cache.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "ir/file_io.h"
#include "ir/status_macros.h"
#include "quantization/calibration/calibration_cache.pb.h"

namespace mint8::quantization {
namespace {

uint64_t Mix(uint64_t h, const void* data, size_t size) {
  const auto* p = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < size; ++i) h = (h ^ p[i]) * 0x100000001B3ull;
  return h;
}

uint64_t Mix(uint64_t h, const std::string& s) { return Mix(h, s.data(), s.size()); }

}  // namespace

std::string GraphFingerprint(const ir::Graph& graph) {
  uint64_t h = 0xCBF29CE484222325ull;
  for (const auto& node : graph.nodes()) {
    h = Mix(Mix(h, node->op_type), node->name);
    for (const std::string& in : node->inputs) h = Mix(h, in);
    for (const std::string& out : node->outputs) h = Mix(h, out);
  }
  for (const auto& [name, t] : graph.tensors()) {
    h = Mix(Mix(h, name), t.shape.ToString());
    if (t.is_constant()) {
      // Sampling keeps this fast for hundreds of MB of weights.
      const size_t step = std::max<size_t>(1, t.data->size() / 4096);
      for (size_t i = 0; i < t.data->size(); i += step) h = Mix(h, t.data->data() + i, 1);
    }
  }
  return absl::StrFormat("%016x", h);
}

namespace {

void ToProto(const StatisticsMap& stats,
             google::protobuf::RepeatedPtrField<proto::TensorStatistics>& tensors) {
  for (const auto& [name, s] : stats) {
    proto::TensorStatistics& t = *tensors.Add();
    t.set_name(name);
    t.set_count(s.count());
    t.set_zeros(s.zeros());
    t.set_min(s.min());
    t.set_max(s.max());
    t.set_range(s.range());
    for (double c : s.histogram()) t.add_histogram(c);
    for (double c : s.channel_sums()) t.add_channel_sums(c);
    for (float c : s.channel_abs_max()) t.add_channel_abs_max(c);
  }
}

StatisticsMap FromProto(const google::protobuf::RepeatedPtrField<proto::TensorStatistics>& tensors) {
  StatisticsMap stats;
  for (const proto::TensorStatistics& t : tensors) {
    stats[t.name()] = TensorStatistics::FromParts(
        t.count(), t.zeros(), t.min(), t.max(), t.range(),
        std::vector<double>(t.histogram().begin(), t.histogram().end()),
        std::vector<double>(t.channel_sums().begin(), t.channel_sums().end()),
        std::vector<float>(t.channel_abs_max().begin(), t.channel_abs_max().end()));
  }
  return stats;
}

absl::StatusOr<proto::CalibrationCache> ReadCache(const std::string& path) {
  MINT8_ASSIGN_OR_RETURN(std::string bytes, ir::ReadFileToString(path));
  proto::CalibrationCache cache;
  if (!cache.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("'", path, "' is not a calibration cache"));
  }
  return cache;
}

absl::Status WriteCache(const std::string& path, const proto::CalibrationCache& cache) {
  std::string bytes;
  if (!cache.SerializeToString(&bytes)) return absl::InternalError("cannot serialize the calibration cache");
  return ir::WriteStringToFileAtomically(path, bytes);
}

}  // namespace

absl::Status SaveCalibrationCache(const std::string& path, const std::string& fingerprint,
                                  const std::string& description, const CachedStatistics& passes,
                                  const CalibrationShard* shard) {
  proto::CalibrationCache cache;
  cache.set_graph_fingerprint(fingerprint);
  cache.set_description(description);
  if (shard != nullptr) {
    cache.set_shard_index(shard->index);
    cache.set_num_shards(shard->count);
  }
  for (const auto& [key, stats] : passes) {
    proto::StatisticsEntry& entry = *cache.add_entries();
    entry.set_key(key);
    entry.set_sharded(shard != nullptr && shard->sharded_keys.count(key) > 0);
    ToProto(stats, *entry.mutable_tensors());
  }
  return WriteCache(path, cache);
}

absl::StatusOr<CachedStatistics> LoadCalibrationCache(const std::string& path, const std::string& fingerprint,
                                                      std::string* description) {
  MINT8_ASSIGN_OR_RETURN(proto::CalibrationCache cache, ReadCache(path));
  if (cache.graph_fingerprint() != fingerprint) {
    return absl::FailedPreconditionError(absl::StrCat(
        "calibration cache '", path, "' was made for another model (fingerprint ", cache.graph_fingerprint(),
        ", this model ", fingerprint, "); delete it or pick another path"));
  }
  if (cache.num_shards() > 0) {
    return absl::FailedPreconditionError(absl::StrCat("'", path, "' holds shard ", cache.shard_index(),
                                                      " of ", cache.num_shards(),
                                                      " of a calibration; merge the shards"));
  }
  if (description != nullptr) *description = cache.description();
  CachedStatistics passes;
  for (const proto::StatisticsEntry& entry : cache.entries())
    passes[entry.key()] = FromProto(entry.tensors());
  return passes;
}

namespace {

// Adds a shard's pass into `merged` (the first shard's copy), or, for a pass
// every shard makes over the same images, checks it matches.
absl::Status MergeEntry(const proto::StatisticsEntry& entry, const std::string& file, StatisticsMap& merged,
                        bool first) {
  const StatisticsMap stats = FromProto(entry.tensors());
  if (first) {
    merged = stats;
    return absl::OkStatus();
  }
  if (stats.size() != merged.size()) {
    return absl::FailedPreconditionError(
        absl::StrCat("'", file, "': pass '", entry.key(), "' observed other tensors than the first shard"));
  }
  for (const auto& [name, s] : stats) {
    const auto it = merged.find(name);
    if (it == merged.end()) {
      return absl::FailedPreconditionError(
          absl::StrCat("'", file, "': tensor '", name, "' is not in the first shard"));
    }
    if (!entry.sharded()) {
      if (s.count() != it->second.count() || s.histogram() != it->second.histogram()) {
        return absl::FailedPreconditionError(absl::StrCat("'", file, "': pass '", entry.key(),
                                                          "' should be the same in every shard; tensor '",
                                                          name, "' differs"));
      }
      continue;
    }
    if (absl::Status merged_status = it->second.Merge(s); !merged_status.ok()) {
      return absl::Status(merged_status.code(),
                          absl::StrCat("'", file, "', tensor '", name, "': ", merged_status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::string> MergeCalibrationShards(const std::vector<std::string>& files,
                                                   const std::string& path) {
  if (files.empty()) return absl::InvalidArgumentError("no calibration shards to merge");
  proto::CalibrationCache first;
  std::vector<bool> seen;
  CachedStatistics passes;
  for (size_t f = 0; f < files.size(); ++f) {
    MINT8_ASSIGN_OR_RETURN(proto::CalibrationCache shard, ReadCache(files[f]));
    if (shard.num_shards() <= 0) {
      return absl::InvalidArgumentError(absl::StrCat("'", files[f], "' is not a calibration shard"));
    }
    if (f == 0) {
      first = shard;
      seen.assign(shard.num_shards(), false);
    } else if (shard.graph_fingerprint() != first.graph_fingerprint() ||
               shard.description() != first.description() || shard.num_shards() != first.num_shards()) {
      return absl::FailedPreconditionError(absl::StrCat("'", files[f],
                                                        "' belongs to another calibration than '", files[0],
                                                        "' (model, images or shard count differ)"));
    }
    if (shard.shard_index() < 0 || shard.shard_index() >= shard.num_shards() || seen[shard.shard_index()]) {
      return absl::FailedPreconditionError(
          absl::StrCat("'", files[f], "': shard ", shard.shard_index(), " is given twice or out of range"));
    }
    seen[shard.shard_index()] = true;
    if (f > 0 && shard.entries_size() != static_cast<int>(passes.size())) {
      return absl::FailedPreconditionError(
          absl::StrCat("'", files[f], "' holds other passes than '", files[0], "'"));
    }
    for (const proto::StatisticsEntry& entry : shard.entries()) {
      if (f > 0 && passes.count(entry.key()) == 0) {
        return absl::FailedPreconditionError(
            absl::StrCat("'", files[f], "': pass '", entry.key(), "' is not in '", files[0], "'"));
      }
      MINT8_RETURN_IF_ERROR(MergeEntry(entry, files[f], passes[entry.key()], f == 0));
    }
  }
  std::vector<std::string> missing;
  for (size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) missing.push_back(absl::StrCat(i));
  }
  if (!missing.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("calibration shards missing: ", absl::StrJoin(missing, ", "), " of ", seen.size()));
  }
  MINT8_RETURN_IF_ERROR(SaveCalibrationCache(path, first.graph_fingerprint(), first.description(), passes));
  return first.description();
}

}  // namespace mint8::quantization
