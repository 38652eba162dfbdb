#include "tools/common/candidate_file.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "ir/file_io.h"
#include "tools/common/json_value.h"
#include "tools/common/report.h"

namespace mint8::tools {

absl::Status WriteCandidateFile(const std::string& path, const quantization::AccuracyBudget& budget,
                                const quantization::CandidateResult& candidate) {
  JsonWriter j;
  j.BeginObject().Key("budget").String(quantization::DescribeBudget(budget));
  j.Key("fp32_layers").BeginArray();
  for (const std::string& layer : candidate.fp32_layers) j.String(layer);
  j.EndArray();
  j.Key("top1_drop").Number(candidate.top1_drop).Key("agreement").Number(candidate.agreement);
  j.Key("relative_error").Number(candidate.relative_error).Key("meets").Bool(candidate.meets);
  j.Key("seconds").Number(candidate.seconds).EndObject();
  return ir::WriteStringToFileAtomically(path, j.str() + "\n");
}

absl::StatusOr<std::vector<quantization::CandidateResult>> ReadCandidateFiles(
    const std::vector<std::string>& files, const quantization::AccuracyBudget& budget) {
  std::vector<quantization::CandidateResult> candidates;
  for (const std::string& path : files) {
    absl::StatusOr<std::string> text = ir::ReadFileToString(path);
    if (!text.ok()) return text.status();
    absl::StatusOr<JsonValue> v = ParseJson(*text);
    const auto field = [&](const char* key, JsonValue::Type type) -> const JsonValue* {
      const JsonValue* f = v.ok() ? v->Find(key) : nullptr;
      return f != nullptr && f->type == type ? f : nullptr;
    };
    const JsonValue* described = field("budget", JsonValue::Type::kString);
    const JsonValue* layers = field("fp32_layers", JsonValue::Type::kArray);
    const JsonValue* meets = field("meets", JsonValue::Type::kBool);
    const JsonValue* drop = field("top1_drop", JsonValue::Type::kNumber);
    const JsonValue* agreement = field("agreement", JsonValue::Type::kNumber);
    const JsonValue* error = field("relative_error", JsonValue::Type::kNumber);
    const JsonValue* seconds = field("seconds", JsonValue::Type::kNumber);
    if (described == nullptr || layers == nullptr || meets == nullptr || drop == nullptr ||
        agreement == nullptr || error == nullptr || seconds == nullptr) {
      return absl::DataLossError(absl::StrCat("'", path, "' is not an accuracy-budget candidate file"));
    }
    if (described->string != quantization::DescribeBudget(budget)) {
      return absl::FailedPreconditionError(absl::StrCat("'", path, "' was measured for ", described->string,
                                                        ", not ", quantization::DescribeBudget(budget)));
    }
    quantization::CandidateResult c;
    for (const JsonValue& layer : layers->array) c.fp32_layers.push_back(layer.string);
    c.meets = meets->boolean;
    c.top1_drop = drop->number;
    c.agreement = agreement->number;
    c.relative_error = error->number;
    c.seconds = seconds->number;
    candidates.push_back(std::move(c));
  }
  return candidates;
}

absl::Status WriteRankingFile(const std::string& path, const quantization::AccuracyBudget& budget,
                              const std::vector<quantization::LayerSensitivity>& layers) {
  JsonWriter j;
  j.BeginObject().Key("budget").String(quantization::DescribeBudget(budget)).Key("ranking").BeginArray();
  for (const quantization::LayerSensitivity& layer : layers) {
    j.BeginObject().Key("node").String(layer.node).Key("relative_error").ExactNumber(layer.relative_error);
    j.EndObject();
  }
  j.EndArray().EndObject();
  return ir::WriteStringToFileAtomically(path, j.str() + "\n");
}

absl::StatusOr<std::vector<quantization::LayerSensitivity>> ReadRankingFiles(
    const std::vector<std::string>& files, const quantization::AccuracyBudget& budget) {
  std::vector<quantization::LayerSensitivity> ranking;
  std::set<std::string> seen;
  for (const std::string& path : files) {
    absl::StatusOr<std::string> text = ir::ReadFileToString(path);
    if (!text.ok()) return text.status();
    absl::StatusOr<JsonValue> v = ParseJson(*text);
    const JsonValue* described = v.ok() ? v->Find("budget") : nullptr;
    const JsonValue* layers = v.ok() ? v->Find("ranking") : nullptr;
    if (described == nullptr || layers == nullptr || layers->type != JsonValue::Type::kArray) {
      return absl::DataLossError(absl::StrCat("'", path, "' is not a layer-ranking file"));
    }
    if (described->string != quantization::DescribeBudget(budget)) {
      return absl::FailedPreconditionError(absl::StrCat("'", path, "' was ranked for ", described->string,
                                                        ", not ", quantization::DescribeBudget(budget)));
    }
    for (const JsonValue& layer : layers->array) {
      const JsonValue* node = layer.Find("node");
      const JsonValue* error = layer.Find("relative_error");
      if (node == nullptr || error == nullptr || error->type != JsonValue::Type::kNumber) {
        return absl::DataLossError(absl::StrCat("'", path, "': a ranking entry without node or error"));
      }
      if (!seen.insert(node->string).second) {
        return absl::FailedPreconditionError(
            absl::StrCat("'", path, "': layer '", node->string, "' is in two ranking shards"));
      }
      ranking.push_back({node->string, error->number});
    }
  }
  quantization::SortLayerRanking(ranking);
  return ranking;
}

}  // namespace mint8::tools
