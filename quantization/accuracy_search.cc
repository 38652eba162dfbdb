#include "quantization/accuracy_search.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ir/status_macros.h"

namespace mint8::quantization {
namespace {

// Layers whose removal from the chosen set is tried, at most.
constexpr int kMaxPruneTrials = 8;

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Percent of images whose top-1 output (minus the offset) is the label.
double Top1(const std::vector<std::vector<float>>& outputs, const TuningImages& tuning) {
  int64_t correct = 0;
  for (size_t i = 0; i < outputs.size(); ++i) {
    const int64_t top = std::max_element(outputs[i].begin(), outputs[i].end()) - outputs[i].begin();
    correct += top - tuning.label_offset == tuning.labels[i];
  }
  return 100.0 * correct / std::max<size_t>(1, outputs.size());
}

absl::Status CheckTuning(const TuningImages& tuning, const AccuracyBudget& budget) {
  if (tuning.images.count <= 0) return absl::InvalidArgumentError("accuracy budget: no tuning images");
  if (budget.kind == AccuracyBudget::kMaxTop1Drop &&
      static_cast<int64_t>(tuning.labels.size()) != tuning.images.count) {
    return absl::InvalidArgumentError(absl::StrCat("a top-1 budget needs a label for every tuning image (",
                                                   tuning.labels.size(), " labels, ", tuning.images.count,
                                                   " images); without labels use a top-1 agreement budget"));
  }
  return absl::OkStatus();
}

// Quantizes with a set of layers kept FP32 and measures the result on the
// tuning images against the FP32 model.
class CandidateMeter {
 public:
  // Checks the tuning images and runs the FP32 model on them.
  static absl::StatusOr<CandidateMeter> Create(const ir::Graph& prepared, const StatisticsMap& stats,
                                               const QuantizerOptions& options, const TuningImages& tuning,
                                               const AccuracyBudget& budget) {
    MINT8_RETURN_IF_ERROR(CheckTuning(tuning, budget));
    MINT8_ASSIGN_OR_RETURN(auto reference, RunFirstOutput(prepared, tuning.images));
    const double fp32_top1 = budget.kind == AccuracyBudget::kMaxTop1Drop ? Top1(reference, tuning) : 0;
    return CandidateMeter(prepared, stats, options, tuning, budget, std::move(reference), fp32_top1);
  }

  double fp32_top1() const { return fp32_top1_; }

  absl::StatusOr<CandidateResult> Measure(const std::vector<std::string>& fp32_layers) {
    const auto start = std::chrono::steady_clock::now();
    QuantizerOptions o = options_;
    o.exclude_nodes.insert(fp32_layers.begin(), fp32_layers.end());
    MINT8_ASSIGN_OR_RETURN(const ir::Graph q, QuantizeWithStatistics(prepared_, stats_, o, nullptr));
    MINT8_ASSIGN_OR_RETURN(const auto got, RunFirstOutput(q, tuning_.images));
    CandidateResult r;
    r.fp32_layers = fp32_layers;
    std::tie(r.relative_error, r.agreement) = CompareOutputs(got, reference_);
    if (budget_.kind == AccuracyBudget::kMaxTop1Drop) {
      r.top1_drop = fp32_top1_ - Top1(got, tuning_);
      r.meets = r.top1_drop <= budget_.value + 1e-9;
    } else {
      r.meets = r.agreement >= budget_.value - 1e-9;
    }
    r.seconds = SecondsSince(start);
    measured_.push_back(r);
    return r;
  }

  std::vector<CandidateResult>& measured() { return measured_; }

 private:
  CandidateMeter(const ir::Graph& prepared, const StatisticsMap& stats, const QuantizerOptions& options,
                 const TuningImages& tuning, const AccuracyBudget& budget,
                 std::vector<std::vector<float>> reference, double fp32_top1)
      : prepared_(prepared),
        stats_(stats),
        options_(options),
        tuning_(tuning),
        budget_(budget),
        reference_(std::move(reference)),
        fp32_top1_(fp32_top1) {}

  const ir::Graph& prepared_;
  const StatisticsMap& stats_;
  const QuantizerOptions& options_;
  const TuningImages& tuning_;
  const AccuracyBudget& budget_;
  const std::vector<std::vector<float>> reference_;
  const double fp32_top1_;
  std::vector<CandidateResult> measured_;
};

std::string Figure(const CandidateResult& r, const AccuracyBudget& budget) {
  return budget.kind == AccuracyBudget::kMaxTop1Drop ? absl::StrFormat("top-1 drop %.2f points", r.top1_drop)
                                                     : absl::StrFormat("agreement %.2f%%", r.agreement);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> FewestLayersMeeting(
    const std::vector<std::string>& ranked,
    const std::function<absl::StatusOr<bool>(const std::vector<std::string>&)>& meets) {
  auto prefix = [&ranked](size_t k) { return std::vector<std::string>(ranked.begin(), ranked.begin() + k); };
  // The fewest most-sensitive layers that meet the budget: lo misses, hi meets.
  size_t lo = 0, hi = ranked.size();
  while (hi - lo > 1) {
    const size_t mid = (lo + hi) / 2;
    MINT8_ASSIGN_OR_RETURN(const bool ok, meets(prefix(mid)));
    (ok ? hi : lo) = mid;
  }
  // Layers the set can do without; the most sensitive are tried last, and
  // the last one added is needed (the set without it missed).
  std::vector<std::string> chosen = prefix(hi);
  int trials = 0;
  for (size_t i = chosen.size() - 1; i-- > 0 && trials < kMaxPruneTrials; ++trials) {
    std::vector<std::string> without = chosen;
    without.erase(without.begin() + i);
    MINT8_ASSIGN_OR_RETURN(const bool ok, meets(without));
    if (ok) chosen = std::move(without);
  }
  return chosen;
}

absl::StatusOr<CandidateResult> MeasureFallbackCandidate(const ir::Graph& prepared,
                                                         const StatisticsMap& stats,
                                                         const QuantizerOptions& options,
                                                         const TuningImages& tuning,
                                                         const AccuracyBudget& budget, int index, int count,
                                                         const std::vector<LayerSensitivity>* ranking) {
  if (count < 2 || index < 0 || index >= count) {
    return absl::InvalidArgumentError(
        absl::StrCat("candidate ", index, " of ", count, ": a split search needs at least 2 candidates"));
  }
  MINT8_ASSIGN_OR_RETURN(CandidateMeter meter,
                         CandidateMeter::Create(prepared, stats, options, tuning, budget));
  std::vector<std::string> layers;
  if (index > 0) {
    std::vector<LayerSensitivity> own;
    if (ranking == nullptr) {
      MINT8_ASSIGN_OR_RETURN(own, RankLayerSensitivity(prepared, stats, options, tuning.images));
      ranking = &own;
    }
    const size_t keep =
        static_cast<size_t>(std::lround(static_cast<double>(index) * ranking->size() / (count - 1)));
    for (size_t i = 0; i < keep && i < ranking->size(); ++i) layers.push_back((*ranking)[i].node);
  }
  return meter.Measure(layers);
}

absl::StatusOr<CandidateResult> PickFallbackCandidate(const std::vector<CandidateResult>& candidates,
                                                      const AccuracyBudget& budget) {
  const CandidateResult* best = nullptr;
  const CandidateResult* closest = nullptr;
  for (const CandidateResult& c : candidates) {
    if (c.meets && (best == nullptr || c.fp32_layers.size() < best->fp32_layers.size())) best = &c;
    const bool better = closest == nullptr ||
                        (budget.kind == AccuracyBudget::kMaxTop1Drop ? c.top1_drop < closest->top1_drop
                                                                     : c.agreement > closest->agreement);
    if (better) closest = &c;
  }
  if (best != nullptr) return *best;
  if (closest == nullptr) return absl::InvalidArgumentError("no candidates to pick from");
  return absl::FailedPreconditionError(absl::StrCat("accuracy budget ", DescribeBudget(budget),
                                                    " is met by none of the ", candidates.size(),
                                                    " candidates; the closest, ", closest->fp32_layers.size(),
                                                    " layers FP32, gives ", Figure(*closest, budget)));
}

std::string DescribeBudget(const AccuracyBudget& budget) {
  return budget.kind == AccuracyBudget::kMaxTop1Drop
             ? absl::StrFormat("top-1 drop <= %g points", budget.value)
             : absl::StrFormat("top-1 agreement >= %g%%", budget.value);
}

absl::StatusOr<Fp32FallbackSearch> SearchFp32Fallback(const ir::Graph& prepared, const StatisticsMap& stats,
                                                      const QuantizerOptions& options,
                                                      const TuningImages& tuning,
                                                      const AccuracyBudget& budget) {
  const auto start = std::chrono::steady_clock::now();
  MINT8_ASSIGN_OR_RETURN(CandidateMeter meter,
                         CandidateMeter::Create(prepared, stats, options, tuning, budget));
  Fp32FallbackSearch search;
  search.fp32_top1 = meter.fp32_top1();
  auto finish = [&](std::vector<std::string> layers) {
    search.fp32_layers = std::move(layers);
    search.candidates = std::move(meter.measured());
    search.seconds = SecondsSince(start);
    return search;
  };
  MINT8_ASSIGN_OR_RETURN(const CandidateResult all_int8, meter.Measure({}));
  if (all_int8.meets) return finish({});

  const auto ranking_start = std::chrono::steady_clock::now();
  MINT8_ASSIGN_OR_RETURN(const std::vector<LayerSensitivity> ranking,
                         RankLayerSensitivity(prepared, stats, options, tuning.images));
  search.ranking_seconds = SecondsSince(ranking_start);
  std::vector<std::string> ranked;
  for (const LayerSensitivity& layer : ranking) ranked.push_back(layer.node);
  MINT8_ASSIGN_OR_RETURN(const CandidateResult all_fp32, meter.Measure(ranked));
  if (!all_fp32.meets) {
    return absl::FailedPreconditionError(absl::StrCat(
        "accuracy budget ", DescribeBudget(budget), " cannot be met on ", tuning.images.count,
        " tuning images: all INT8 gives ", Figure(all_int8, budget), ", and even with all ", ranked.size(),
        " INT8 compute layers in FP32 (only inputs, pooling and element-wise ops quantized) ",
        Figure(all_fp32, budget), ". One image is ", absl::StrFormat("%.2f", 100.0 / tuning.images.count),
        " points here: use more tuning images or a wider budget"));
  }
  MINT8_ASSIGN_OR_RETURN(
      std::vector<std::string> chosen,
      FewestLayersMeeting(ranked, [&meter](const std::vector<std::string>& layers) -> absl::StatusOr<bool> {
        MINT8_ASSIGN_OR_RETURN(const CandidateResult r, meter.Measure(layers));
        return r.meets;
      }));
  return finish(std::move(chosen));
}

}  // namespace mint8::quantization
