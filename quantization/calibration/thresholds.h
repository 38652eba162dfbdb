// Clipping thresholds for activation quantization, from a tensor's
// statistics. The scale is then threshold / 127 (s8) or / 255 (u8).
//
//   kMaxAbs      the largest |x| seen: nothing clipped, coarse steps
//   kKl          the threshold whose quantized distribution Q is closest to
//                the clipped original P in KL(P || Q) (the TensorRT /
//                PaddlePaddle entropy method), over the 2048-bin histogram
//   kPercentile  the given percentile of |x| (e.g. 99.99)
//   kMse         the threshold minimizing expected squared error: rounding
//                noise (step^2 / 12) below it, clipping error above it
#ifndef MINT8_QUANTIZATION_CALIBRATION_THRESHOLDS_H_
#define MINT8_QUANTIZATION_CALIBRATION_THRESHOLDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "quantization/calibration/tensor_statistics.h"

namespace mint8::quantization {

enum class CalibrationAlgorithm { kMaxAbs, kKl, kPercentile, kMse };

absl::StatusOr<CalibrationAlgorithm> ParseCalibrationAlgorithm(absl::string_view name);
std::string CalibrationAlgorithmName(CalibrationAlgorithm algorithm);

// The threshold for a tensor quantized to `levels` magnitudes (128 for s8,
// 256 for u8). 0 when every value seen was 0.
double ChooseThreshold(const TensorStatistics& stats, CalibrationAlgorithm algorithm, int levels,
                       double percentile);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_CALIBRATION_THRESHOLDS_H_
