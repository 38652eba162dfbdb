#include "quantization/calibration/tensor_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/value_statistics.h"

namespace mint8::quantization {

void TensorStatistics::Grow(double needed) {
  if (range_ == 0) {
    int exponent;
    std::frexp(needed, &exponent);  // needed < 2^exponent
    range_ = std::ldexp(1.0, exponent);
    return;
  }
  while (range_ <= needed) {
    for (int i = 0; i < kBins / 2; ++i) histogram_[i] = histogram_[2 * i] + histogram_[2 * i + 1];
    std::fill(histogram_.begin() + kBins / 2, histogram_.end(), 0.0);
    range_ *= 2;
  }
}

std::vector<double> TensorStatistics::ChannelMeans() const {
  std::vector<double> means(channel_sums_.size(), 0.0);
  if (count_ == 0) return means;
  const double per_channel = static_cast<double>(count_) / channel_sums_.size();
  for (size_t c = 0; c < means.size(); ++c) means[c] = channel_sums_[c] / per_channel;
  return means;
}

absl::Status TensorStatistics::Observe(const float* data, int64_t n, int64_t channels, int64_t inner) {
  if (n == 0) return absl::OkStatus();
  static const Isa isa = BestAvailableIsa();
  // Range, finiteness and channel sums over [outer][channel][inner]: one
  // kernel call per channel run, or, where runs are short (a Gemm's [N, C]
  // output: one value each), one call for the range and plain adds for the sums.
  constexpr int64_t kShortRun = 64;
  std::vector<double> sums(channels, 0.0);
  std::vector<float> abs_max(channels, 0.f);
  x86::ValueSummary all;
  all.lo = std::numeric_limits<float>::infinity();
  all.hi = -all.lo;
  if (inner < kShortRun) all = x86::SummarizeValues(data, n, isa);
  for (int64_t start = 0, c = 0; start < n; start += inner, c = c + 1 == channels ? 0 : c + 1) {
    const int64_t length = std::min(inner, n - start);
    if (inner < kShortRun) {
      for (int64_t k = 0; k < length; ++k) {
        sums[c] += data[start + k];
        abs_max[c] = std::max(abs_max[c], std::fabs(data[start + k]));
      }
      continue;
    }
    const x86::ValueSummary run = x86::SummarizeValues(data + start, length, isa);
    all.lo = std::min(all.lo, run.lo);
    all.hi = std::max(all.hi, run.hi);
    all.finite = all.finite && run.finite;
    sums[c] += run.sum;
    abs_max[c] = std::max({abs_max[c], std::fabs(run.lo), std::fabs(run.hi)});
  }
  if (!all.finite) {
    const int64_t i = std::find_if(data, data + n, [](float x) { return !std::isfinite(x); }) - data;
    return absl::InvalidArgumentError(absl::StrCat("holds ", data[i], " at element ", i));
  }
  if (channel_sums_.size() != static_cast<size_t>(channels)) {
    channel_sums_.assign(channels, 0.0);
    channel_abs_max_.assign(channels, 0.f);
  }
  for (int64_t c = 0; c < channels; ++c) {
    channel_sums_[c] += sums[c];
    channel_abs_max_[c] = std::max(channel_abs_max_[c], abs_max[c]);
  }
  min_ = count_ == 0 ? all.lo : std::min(min_, all.lo);
  max_ = count_ == 0 ? all.hi : std::max(max_, all.hi);
  abs_max_ = std::max(std::fabs(min_), std::fabs(max_));
  count_ += n;
  const double batch_abs_max = std::max(std::fabs(all.lo), std::fabs(all.hi));
  if (batch_abs_max >= range_ && batch_abs_max > 0) Grow(batch_abs_max);
  if (range_ == 0) {  // all zeros so far
    zeros_ += n;
    return absl::OkStatus();
  }
  std::vector<uint32_t> counts(x86::kValueHistogramTables * kBins, 0);
  const int64_t zeros =
      x86::CountBins(data, n, static_cast<float>(kBins / range_), kBins, counts.data(), isa);
  zeros_ += zeros;
  histogram_[0] -= static_cast<double>(zeros);  // CountBins counts zeros in bin 0 too
  for (int t = 0; t < x86::kValueHistogramTables; ++t) {
    for (int b = 0; b < kBins; ++b) histogram_[b] += counts[t * kBins + b];
  }
  return absl::OkStatus();
}

absl::Status TensorStatistics::Merge(const TensorStatistics& other) {
  if (other.count_ == 0) return absl::OkStatus();
  for (double r : {range_, other.range_}) {
    int exponent;
    if (r != 0 && std::frexp(r, &exponent) != 0.5) {
      return absl::FailedPreconditionError(absl::StrCat(
          "histogram range ", r, " is not a power of two (statistics of an older mint8: calibrate again)"));
    }
  }
  if (count_ > 0 && other.channel_sums_.size() != channel_sums_.size()) {
    return absl::InvalidArgumentError(absl::StrCat("statistics of ", channel_sums_.size(), " and ",
                                                   other.channel_sums_.size(), " channels"));
  }
  if (count_ == 0) {
    *this = other;
    return absl::OkStatus();
  }
  TensorStatistics folded = other;
  if (folded.range_ > range_) Grow(folded.range_ / 2);  // to the same power of two
  if (range_ > folded.range_) folded.Grow(range_ / 2);
  for (int b = 0; b < kBins; ++b) histogram_[b] += folded.histogram_[b];
  for (size_t c = 0; c < channel_sums_.size(); ++c) {
    channel_sums_[c] += other.channel_sums_[c];
    channel_abs_max_[c] = std::max(channel_abs_max_[c], other.channel_abs_max_[c]);
  }
  count_ += other.count_;
  zeros_ += other.zeros_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  abs_max_ = std::max(std::fabs(min_), std::fabs(max_));
  return absl::OkStatus();
}

TensorStatistics TensorStatistics::FromParts(int64_t count, int64_t zeros, float min, float max, double range,
                                             std::vector<double> histogram, std::vector<double> channel_sums,
                                             std::vector<float> channel_abs_max) {
  TensorStatistics s;
  s.count_ = count;
  s.zeros_ = zeros;
  s.min_ = min;
  s.max_ = max;
  s.abs_max_ = std::max(std::fabs(min), std::fabs(max));
  s.range_ = range;
  if (histogram.size() == static_cast<size_t>(kBins)) s.histogram_ = std::move(histogram);
  s.channel_sums_ = std::move(channel_sums);
  s.channel_abs_max_ = std::move(channel_abs_max);
  return s;
}

}  // namespace mint8::quantization
