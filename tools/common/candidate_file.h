// The result files of a split accuracy-budget search (tools/cluster/), as
// JSON: one candidate's (which layers it kept FP32 and what that measured),
// and one shard of the layer ranking.
//
//   WriteCandidateFile(path, budget, candidate);       // in each task
//   auto all = ReadCandidateFiles(files, budget);      // in the final step
//   auto best = quantization::PickFallbackCandidate(*all, budget);
#ifndef MINT8_TOOLS_COMMON_CANDIDATE_FILE_H_
#define MINT8_TOOLS_COMMON_CANDIDATE_FILE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "quantization/accuracy_search.h"

namespace mint8::tools {

// Atomically; the budget is recorded so a pick under another budget fails.
absl::Status WriteCandidateFile(const std::string& path, const quantization::AccuracyBudget& budget,
                                const quantization::CandidateResult& candidate);

// Every file must hold a candidate measured under `budget`.
absl::StatusOr<std::vector<quantization::CandidateResult>> ReadCandidateFiles(
    const std::vector<std::string>& files, const quantization::AccuracyBudget& budget);

// A shard of the layer ranking (RankLayerSensitivity split over tasks).
absl::Status WriteRankingFile(const std::string& path, const quantization::AccuracyBudget& budget,
                              const std::vector<quantization::LayerSensitivity>& layers);

// Every shard's layers together, most helpful first (SortLayerRanking); a
// layer in two shards is an error.
absl::StatusOr<std::vector<quantization::LayerSensitivity>> ReadRankingFiles(
    const std::vector<std::string>& files, const quantization::AccuracyBudget& budget);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_CANDIDATE_FILE_H_
