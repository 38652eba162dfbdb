#include "quantization/calibration/calibration_cache.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
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

}  // namespace

absl::Status SaveCalibrationCache(const std::string& path, const std::string& fingerprint,
                                  const std::string& description, const CachedStatistics& passes) {
  proto::CalibrationCache cache;
  cache.set_graph_fingerprint(fingerprint);
  cache.set_description(description);
  for (const auto& [key, stats] : passes) {
    proto::StatisticsEntry& entry = *cache.add_entries();
    entry.set_key(key);
    ToProto(stats, *entry.mutable_tensors());
  }
  std::string bytes;
  if (!cache.SerializeToString(&bytes)) return absl::InternalError("cannot serialize the calibration cache");
  return ir::WriteStringToFileAtomically(path, bytes);
}

absl::StatusOr<CachedStatistics> LoadCalibrationCache(const std::string& path, const std::string& fingerprint,
                                                      std::string* description) {
  MINT8_ASSIGN_OR_RETURN(std::string bytes, ir::ReadFileToString(path));
  proto::CalibrationCache cache;
  if (!cache.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("'", path, "' is not a calibration cache"));
  }
  if (cache.graph_fingerprint() != fingerprint) {
    return absl::FailedPreconditionError(absl::StrCat(
        "calibration cache '", path, "' was made for another model (fingerprint ", cache.graph_fingerprint(),
        ", this model ", fingerprint, "); delete it or pick another path"));
  }
  if (description != nullptr) *description = cache.description();
  CachedStatistics passes;
  for (const proto::StatisticsEntry& entry : cache.entries())
    passes[entry.key()] = FromProto(entry.tensors());
  return passes;
}

}  // namespace mint8::quantization
