// Accuracy-aware quantization: the smallest set of layers to keep FP32 so
// that the INT8 model stays within the user's budget on tuning images.
//
//   AccuracyBudget budget{AccuracyBudget::kMaxTop1Drop, 0.3};   // top-1 points
//   TuningImages tuning{images, labels, /*label_offset=*/0};
//   auto found = SearchFp32Fallback(prepared, stats, options, tuning, budget);
//   options.exclude_nodes.insert(found->fp32_layers.begin(), found->fp32_layers.end());
//
// How: measure the all-INT8 model; if it misses the budget, rank the INT8
// compute layers by how much keeping each one FP32 alone lowers the output
// error (RankLayerSensitivity), bisect on how many of the most sensitive
// layers to keep FP32 (a few quantize-and-run rounds instead of one per
// subset), then drop from the chosen set every layer it can do without.
// Every model measured is reported with its figures and time.
#ifndef MINT8_QUANTIZATION_ACCURACY_SEARCH_H_
#define MINT8_QUANTIZATION_ACCURACY_SEARCH_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"
#include "quantization/mode_selection.h"
#include "quantization/quantizer.h"

namespace mint8::quantization {

struct AccuracyBudget {
  enum Kind {
    kMaxTop1Drop,   // FP32 top-1 minus INT8 top-1, in points, on labelled images
    kMinAgreement,  // percent of images whose INT8 top-1 class is the FP32 one
  };
  Kind kind = kMaxTop1Drop;
  double value = 0;
};

struct TuningImages {
  CalibrationImages images;
  std::vector<int64_t> labels;  // one per image; required for kMaxTop1Drop
  int label_offset = 0;         // output index of label 0
};

struct CandidateResult {
  std::vector<std::string> fp32_layers;
  double top1_drop = 0;  // points (labelled images only)
  double agreement = 0;  // percent
  double relative_error = 0;
  bool meets = false;
  double seconds = 0;  // to quantize and run it
};

struct Fp32FallbackSearch {
  std::vector<std::string> fp32_layers;     // most sensitive first; empty when INT8 meets the budget
  std::vector<CandidateResult> candidates;  // every model measured, in order
  double fp32_top1 = 0;                     // percent (labelled images only)
  double ranking_seconds = 0;
  double seconds = 0;
};

// FailedPrecondition when even every INT8 compute layer in FP32 misses the
// budget; InvalidArgument for a top-1 budget without labels.
absl::StatusOr<Fp32FallbackSearch> SearchFp32Fallback(const ir::Graph& prepared, const StatisticsMap& stats,
                                                      const QuantizerOptions& options,
                                                      const TuningImages& tuning,
                                                      const AccuracyBudget& budget);

// The search itself, over any test of a layer set: `ranked` most sensitive
// first, meets(ranked) holds and meets({}) does not. Bisects on prefixes of
// `ranked`, then removes from the found prefix each layer it meets without
// (at most 8 tried, least sensitive first). A failed test is returned.
absl::StatusOr<std::vector<std::string>> FewestLayersMeeting(
    const std::vector<std::string>& ranked,
    const std::function<absl::StatusOr<bool>(const std::vector<std::string>&)>& meets);

// The search split over processes (a cluster job, one candidate per task):
// candidate `index` of `count` keeps FP32 the round(index * L / (count - 1))
// most sensitive of the L ranked INT8 compute layers (0: all INT8; the last:
// every ranked layer), measured on the tuning images. `ranking`: the layers
// ranked by RankLayerSensitivity (itself split over tasks); null: this task
// ranks them (deterministic: the same ranking in each task).
absl::StatusOr<CandidateResult> MeasureFallbackCandidate(const ir::Graph& prepared,
                                                         const StatisticsMap& stats,
                                                         const QuantizerOptions& options,
                                                         const TuningImages& tuning,
                                                         const AccuracyBudget& budget, int index, int count,
                                                         const std::vector<LayerSensitivity>* ranking);

// Of every candidate's result, the one that meets the budget with the fewest
// FP32 layers; FailedPrecondition (naming the best figure) when none does.
absl::StatusOr<CandidateResult> PickFallbackCandidate(const std::vector<CandidateResult>& candidates,
                                                      const AccuracyBudget& budget);

// "top-1 drop <= 0.3 points" / "top-1 agreement >= 99%".
std::string DescribeBudget(const AccuracyBudget& budget);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_ACCURACY_SEARCH_H_
