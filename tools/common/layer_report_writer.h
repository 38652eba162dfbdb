// WriteLayerReport: quantize --report=DIR. Writes the per-layer report
// (quantization/layer_report.h) three ways into DIR, each file atomically:
//   report.md    a table to read in a terminal or a code review
//   report.json  every figure, histograms and weight ranges included
//   report.html  one self-contained page (inline SVG, no scripts, no server):
//                SQNR per layer as bars, and per layer the calibration
//                histogram of |output| (log counts) with the chosen threshold,
//                and the weight range of each output channel
// DIR is created if its parent exists.
#ifndef MINT8_TOOLS_COMMON_LAYER_REPORT_WRITER_H_
#define MINT8_TOOLS_COMMON_LAYER_REPORT_WRITER_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "quantization/layer_report.h"

namespace mint8::tools {

// `summary`: (label, value) lines shown first (model, algorithm, budget, ...).
absl::Status WriteLayerReport(const std::string& dir, const std::string& title,
                              const std::vector<std::pair<std::string, std::string>>& summary,
                              const quantization::LayerReport& report);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_LAYER_REPORT_WRITER_H_
