// LayerReport: what quantization did to each compute layer, for people to
// read (quantize --report=DIR writes it as Markdown, JSON and an HTML page):
//   - the SQNR of the layer's INT8 output against its FP32 output on the
//     tuning images (errors of the layers before it included, as a user's
//     INT8 model computes it), in dB: 10 log10(sum x^2 / sum (x - x_int8)^2);
//   - the calibration histogram of |output| and the threshold the INT8 scale
//     stands for (scale * qmax), or why the layer stayed FP32;
//   - the range of its weights per output channel.
//
//   auto report = BuildLayerReport(prepared, int8, stats, quantization_report, tuning_images);
#ifndef MINT8_QUANTIZATION_LAYER_REPORT_H_
#define MINT8_QUANTIZATION_LAYER_REPORT_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"
#include "quantization/quantizer.h"

namespace mint8::quantization {

struct LayerReportEntry {
  std::string node, op_type, output;
  bool int8 = false;
  std::string fp32_reason;  // when not INT8
  // INT8 (or, for an FP32 layer, the mixed model's) output vs FP32; +inf
  // when identical; NaN when the tensor is not observable in the INT8 model.
  double sqnr_db = 0;
  std::string output_type;  // "u8", "s8" or "f32"
  float threshold = 0;      // scale * qmax of the INT8 output (0 when FP32)
  float observed_min = 0, observed_max = 0;
  // Calibration's |output| histogram in kReportBins bins over [0, histogram_range].
  std::vector<double> histogram;
  double histogram_range = 0;
  std::vector<float> weight_min, weight_max;  // per output channel
};

inline constexpr int kReportBins = 128;

struct LayerReport {
  std::vector<LayerReportEntry> layers;  // in graph order
  int64_t images = 0;
};

absl::StatusOr<LayerReport> BuildLayerReport(const ir::Graph& prepared, const ir::Graph& int8,
                                             const StatisticsMap& stats, const QuantizationReport& report,
                                             const CalibrationImages& images);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_LAYER_REPORT_H_
