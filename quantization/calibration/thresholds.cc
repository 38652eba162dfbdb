#include "quantization/calibration/thresholds.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"

namespace mint8::quantization {
namespace {

constexpr int kBins = TensorStatistics::kBins;

// KL(P || Q) of two unnormalized distributions over the same bins. A bin
// where P has mass and Q none gets a tiny Q instead of infinity (smoothing),
// so such candidates score badly but comparably.
double KlDivergence(const std::vector<double>& p, const std::vector<double>& q) {
  double sum_p = 0, sum_q = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    sum_p += p[i];
    sum_q += q[i];
  }
  if (sum_p <= 0 || sum_q <= 0) return std::numeric_limits<double>::infinity();
  double kl = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] <= 0) continue;
    const double pi = p[i] / sum_p, qi = std::max(q[i] / sum_q, 1e-10);
    kl += pi * std::log(pi / qi);
  }
  return kl;
}

// Over the nonzero values (zeros are exact at any scale). For each candidate
// threshold (bin i): P = the first i bins with everything
// beyond piled into bin i-1; Q = the first i bins (without that pile) merged
// into `levels` groups, each group's mass spread evenly over the bins where P
// is nonzero.
double KlThreshold(const TensorStatistics& stats, int levels) {
  const std::vector<double>& hist = stats.histogram();
  const double width = stats.range() / kBins;
  int last = kBins;
  while (last > 0 && hist[last - 1] == 0) --last;
  if (last <= levels) return last * width;
  std::vector<double> beyond(kBins + 1, 0.0);
  for (int i = kBins - 1; i >= 0; --i) beyond[i] = beyond[i + 1] + hist[i];
  double best_kl = std::numeric_limits<double>::infinity();  // a double: never truncated
  int best = last;
  std::vector<double> p, q;
  for (int i = levels; i <= last; ++i) {
    p.assign(hist.begin(), hist.begin() + i);
    p[i - 1] += beyond[i];
    q.assign(i, 0.0);
    for (int g = 0; g < levels; ++g) {
      const int begin = static_cast<int>(static_cast<int64_t>(g) * i / levels);
      const int end = static_cast<int>(static_cast<int64_t>(g + 1) * i / levels);
      double mass = 0;
      int nonzero = 0;
      for (int b = begin; b < end; ++b) {
        mass += hist[b];
        nonzero += p[b] != 0;
      }
      if (nonzero == 0) continue;
      for (int b = begin; b < end; ++b) {
        if (p[b] != 0) q[b] = mass / nonzero;
      }
    }
    const double kl = KlDivergence(p, q);
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
    case CalibrationAlgorithm::kMaxAbs: return "maxabs";
    case CalibrationAlgorithm::kKl: return "kl";
    case CalibrationAlgorithm::kPercentile: return "percentile";
    case CalibrationAlgorithm::kMse: return "mse";
  }
  return "unknown";
}

double ChooseThreshold(const TensorStatistics& stats, CalibrationAlgorithm algorithm, int levels,
                       double percentile) {
  if (stats.abs_max() == 0 || stats.range() == 0) return 0;
  switch (algorithm) {
    case CalibrationAlgorithm::kMaxAbs: return stats.abs_max();
    case CalibrationAlgorithm::kKl: return std::min<double>(KlThreshold(stats, levels), stats.abs_max());
    case CalibrationAlgorithm::kPercentile: return PercentileThreshold(stats, percentile);
    case CalibrationAlgorithm::kMse: return MseThreshold(stats, levels);
  }
  return stats.abs_max();
}

}  // namespace mint8::quantization
