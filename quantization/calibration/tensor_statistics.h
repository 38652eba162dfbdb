// TensorStatistics: what calibration learns about one tensor, in a single
// streaming pass with bounded memory: count, min, max, the number of exact
// zeros and a 2048-bin histogram of the nonzero |x|. (Zeros are kept apart:
// any scale represents them exactly, and after a ReLU they are a spike that
// would dominate the threshold searches.) The histogram's range is the
// smallest power of two above the largest |x| seen: it doubles (merging bin
// pairs) whenever a value reaches it, so no activation needs to be stored,
// and a value's bin is the same whatever was seen before it. That makes
// statistics of disjoint image sets merge into exactly what one pass over
// all of them gives (the channel sums up to the order of additions).
#ifndef MINT8_QUANTIZATION_CALIBRATION_TENSOR_STATISTICS_H_
#define MINT8_QUANTIZATION_CALIBRATION_TENSOR_STATISTICS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"

namespace mint8::quantization {

class TensorStatistics {
 public:
  static constexpr int kBins = 2048;

  TensorStatistics() : histogram_(kBins, 0.0) {}

  // Adds `n` values laid out as [.., channels, inner] (channels = 1 for
  // none): per-channel means are kept for bias correction. A NaN or infinity
  // is an error (the caller names the tensor); nothing is recorded then.
  absl::Status Observe(const float* data, int64_t n, int64_t channels = 1, int64_t inner = 1);

  int64_t count() const { return count_; }
  float min() const { return min_; }
  float max() const { return max_; }
  float abs_max() const { return abs_max_; }
  int64_t zeros() const { return zeros_; }
  // Bin i counts nonzero |x| in [i, i+1) * range / kBins; range is 0 or a
  // power of two above every |x|.
  double range() const { return range_; }
  // Mean of each channel (axis 1) over everything observed.
  std::vector<double> ChannelMeans() const;
  // Largest |x| of each channel (axis 1): what cross-layer equalization
  // balances.
  const std::vector<float>& channel_abs_max() const { return channel_abs_max_; }
  const std::vector<double>& histogram() const { return histogram_; }

  // Adds what `other` observed (another shard of the calibration images).
  // Errors: a different channel count; a range that is not a power of two
  // (statistics saved by an older mint8).
  absl::Status Merge(const TensorStatistics& other);

  // For the calibration cache.
  static TensorStatistics FromParts(int64_t count, int64_t zeros, float min, float max, double range,
                                    std::vector<double> histogram, std::vector<double> channel_sums,
                                    std::vector<float> channel_abs_max);
  const std::vector<double>& channel_sums() const { return channel_sums_; }

 private:
  void Grow(double needed);

  int64_t count_ = 0;
  int64_t zeros_ = 0;
  float min_ = 0, max_ = 0, abs_max_ = 0;
  double range_ = 0;
  std::vector<double> histogram_;
  std::vector<double> channel_sums_;
  std::vector<float> channel_abs_max_;
};

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_CALIBRATION_TENSOR_STATISTICS_H_
