#include "quantization/calibration/thresholds.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"

namespace mint8::quantization {
namespace {

constexpr int kBins = TensorStatistics::kBins;

// Over the nonzero values (zeros are exact at any scale). For each candidate
// threshold (bin i): P = the first i bins with everything beyond piled into
// bin i-1; Q = the first i bins (without that pile) merged into `levels`
// groups, each group's mass spread evenly over the bins where P is nonzero.
// KL(P || Q) of the normalized distributions; a bin where P has mass and Q
// none gets a tiny Q instead of infinity, so such candidates score badly but
// comparably.
//
// Within a group Q is constant, so with prefix sums of h and h*log(h) each
// candidate costs O(levels) instead of O(i):
//   KL = (1/Sp) * sum_g [sum_b p_b log p_b - (sum_b p_b) log q_g] + log(Sq/Sp).
double KlThreshold(const TensorStatistics& stats, int levels) {
  const std::vector<double>& hist = stats.histogram();
  const double width = stats.range() / kBins;
  int last = kBins;
  while (last > 0 && hist[last - 1] == 0) --last;
  if (last <= levels) return last * width;
  auto plogp = [](double x) { return x > 0 ? x * std::log(x) : 0.0; };
  std::vector<double> mass(kBins + 1, 0.0), mass_log_mass(kBins + 1, 0.0);
  std::vector<int> nonzero(kBins + 1, 0);
  for (int b = 0; b < kBins; ++b) {
    mass[b + 1] = mass[b] + hist[b];
    mass_log_mass[b + 1] = mass_log_mass[b] + plogp(hist[b]);
    nonzero[b + 1] = nonzero[b] + (hist[b] != 0);
  }
  const double total = mass[kBins];
  constexpr double kTinyQ = 1e-10;
  double best_kl = std::numeric_limits<double>::infinity();  // a double: never truncated
  int best = last;
  for (int i = levels; i <= last; ++i) {
    const double pile = hist[i - 1] + (total - mass[i]);
    double sum = 0, sum_q = 0, p_without_q = 0;
    for (int g = 0; g < levels; ++g) {
      const int begin = static_cast<int>(static_cast<int64_t>(g) * i / levels);
      const int end = static_cast<int>(static_cast<int64_t>(g + 1) * i / levels);
      const double group_mass = mass[end] - mass[begin];
      int group_nonzero = nonzero[end] - nonzero[begin];
      double p_mass = group_mass, p_log_p = mass_log_mass[end] - mass_log_mass[begin];
      if (end == i) {  // the group holding the pile
        group_nonzero += hist[i - 1] == 0 && pile > 0;
        p_mass += pile - hist[i - 1];
        p_log_p += plogp(pile) - plogp(hist[i - 1]);
      }
      if (group_nonzero == 0) continue;
      if (group_mass == 0) {  // only the pile, where Q is empty
        p_without_q += pile;
        continue;
      }
      sum += p_log_p - p_mass * std::log(group_mass / group_nonzero);
      sum_q += group_mass;
    }
    if (sum_q <= 0) continue;
    double kl = sum / total + (total - p_without_q) / total * std::log(sum_q / total);
    if (p_without_q > 0) kl += p_without_q / total * std::log(p_without_q / total / kTinyQ);
    if (kl < best_kl) {
      best_kl = kl;
      best = i;
    }
  }
  return best * width;
}

// Over all values, zeros included (they are the smallest |x|).
double PercentileThreshold(const TensorStatistics& stats, double percentile) {
  const std::vector<double>& hist = stats.histogram();
  double total = static_cast<double>(stats.zeros());
  for (double c : hist) total += c;
  const double target = total * percentile / 100.0;
  const double width = stats.range() / kBins;
  double seen = static_cast<double>(stats.zeros());
  if (seen >= target) return 0;
  for (int i = 0; i < kBins; ++i) {
    if (seen + hist[i] >= target && hist[i] > 0) {
      const double fraction = (target - seen) / hist[i];
      return std::min<double>((i + fraction) * width, stats.abs_max());
    }
    seen += hist[i];
  }
  return stats.abs_max();
}

// Over the nonzero values: exact zeros have no error at any threshold.
double MseThreshold(const TensorStatistics& stats, int levels) {
  const std::vector<double>& hist = stats.histogram();
  const double width = stats.range() / kBins;
  double best_error = std::numeric_limits<double>::infinity();
  double best = stats.abs_max();
  for (int i = levels / 4; i <= kBins; ++i) {
    const double t = i * width;
    const double step = t / (levels - 1);
    double error = 0;
    for (int b = 0; b < kBins; ++b) {
      if (hist[b] == 0) continue;
      const double center = (b + 0.5) * width;
      error += hist[b] * (center <= t ? step * step / 12 : (center - t) * (center - t));
    }
    if (error < best_error) {
      best_error = error;
      best = t;
    }
  }
  return std::min<double>(best, stats.abs_max());
}

}  // namespace

absl::StatusOr<CalibrationAlgorithm> ParseCalibrationAlgorithm(absl::string_view name) {
  if (name == "maxabs" || name == "max") return CalibrationAlgorithm::kMaxAbs;
  if (name == "kl" || name == "entropy") return CalibrationAlgorithm::kKl;
  if (name == "percentile") return CalibrationAlgorithm::kPercentile;
  if (name == "mse") return CalibrationAlgorithm::kMse;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown calibration algorithm '", name, "' (maxabs, kl, percentile, mse)"));
}

std::string CalibrationAlgorithmName(CalibrationAlgorithm algorithm) {
  switch (algorithm) {
    case CalibrationAlgorithm::kMaxAbs:
      return "maxabs";
    case CalibrationAlgorithm::kKl:
      return "kl";
    case CalibrationAlgorithm::kPercentile:
      return "percentile";
    case CalibrationAlgorithm::kMse:
      return "mse";
  }
  return "unknown";
}

double ChooseThreshold(const TensorStatistics& stats, CalibrationAlgorithm algorithm, int levels,
                       double percentile) {
  if (stats.abs_max() == 0 || stats.range() == 0) return 0;
  switch (algorithm) {
    case CalibrationAlgorithm::kMaxAbs:
      return stats.abs_max();
    case CalibrationAlgorithm::kKl:
      return std::min<double>(KlThreshold(stats, levels), stats.abs_max());
    case CalibrationAlgorithm::kPercentile:
      return PercentileThreshold(stats, percentile);
    case CalibrationAlgorithm::kMse:
      return MseThreshold(stats, levels);
  }
  return stats.abs_max();
}

}  // namespace mint8::quantization
