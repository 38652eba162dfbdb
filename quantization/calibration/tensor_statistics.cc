#include "quantization/calibration/tensor_statistics.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace mint8::quantization {

void TensorStatistics::Grow(double needed) {
  if (range_ == 0) {
    range_ = needed;
    return;
  }
  while (range_ < needed) {
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
  float lo = data[0], hi = data[0];
  for (int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(data[i])) {
      return absl::InvalidArgumentError(absl::StrCat("holds ", data[i], " at element ", i));
    }
    lo = std::min(lo, data[i]);
    hi = std::max(hi, data[i]);
  }
  min_ = count_ == 0 ? lo : std::min(min_, lo);
  max_ = count_ == 0 ? hi : std::max(max_, hi);
  abs_max_ = std::max(std::fabs(min_), std::fabs(max_));
  count_ += n;
  const double batch_abs_max = std::max(std::fabs(lo), std::fabs(hi));
  if (batch_abs_max > range_) Grow(batch_abs_max);
  if (channel_sums_.size() != static_cast<size_t>(channels)) channel_sums_.assign(channels, 0.0);
  for (int64_t i = 0; i < n; ++i) channel_sums_[(i / inner) % channels] += data[i];
  const double per_bin = range_ > 0 ? kBins / range_ : 0;
  for (int64_t i = 0; i < n; ++i) {
    if (data[i] == 0.f) {
      ++zeros_;
      continue;
    }
    const int bin = std::min(kBins - 1, static_cast<int>(std::fabs(data[i]) * per_bin));
    histogram_[bin] += 1.0;
  }
  return absl::OkStatus();
}

TensorStatistics TensorStatistics::FromParts(int64_t count, int64_t zeros, float min, float max,
                                             double range, std::vector<double> histogram,
                                             std::vector<double> channel_sums) {
  TensorStatistics s;
  s.count_ = count;
  s.zeros_ = zeros;
  s.min_ = min;
  s.max_ = max;
  s.abs_max_ = std::max(std::fabs(min), std::fabs(max));
  s.range_ = range;
  if (histogram.size() == static_cast<size_t>(kBins)) s.histogram_ = std::move(histogram);
  s.channel_sums_ = std::move(channel_sums);
  return s;
}

}  // namespace mint8::quantization
