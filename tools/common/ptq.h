// RunPtq: the quantization flow the tools share: prepare the
// model, get calibration statistics (from the cache when it matches, else by
// running the FP32 model over the calibration images, with a progress line),
// then quantize. On a CPU without VNNI, when neither width is given, it
// quantizes with 7-bit weights and with 7-bit activations and keeps the one
// closer to FP32 on the calibration images (mode_selection.h).
#ifndef MINT8_TOOLS_COMMON_PTQ_H_
#define MINT8_TOOLS_COMMON_PTQ_H_

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "quantization/mode_selection.h"
#include "quantization/quantizer.h"
#include "tools/data/dataset.h"

namespace mint8::tools {

struct PtqRequest {
  std::map<std::string, ir::Dims> input_shapes;
  // A QDQ (quantization-aware-trained) model: scales from its QDQ pairs;
  // calibration (optional then) only for tensors without one.
  bool qat = false;
  const Dataset* calibration = nullptr;  // required unless qat
  int64_t images = 100;
  int64_t batch_size = 10;
  quantization::QuantizerOptions options;
  std::string cache_path;  // "" for no cache
  // Keep this many layers FP32: those whose FP32 execution most reduces the
  // output error on the calibration images (quantization/mode_selection.h).
  int fp32_fallback_layers = 0;
  int64_t tuning_images = 30;  // calibration images used for the comparisons
  bool quiet = false;      // no progress line
};

struct PtqResult {
  ir::Graph prepared;  // the fused FP32 graph
  ir::Graph int8;
  quantization::QuantizationReport report;
  // Without VNNI and with no widths given: both exact modes, best first.
  std::vector<quantization::ModeResult> modes;
  std::vector<quantization::LayerSensitivity> fallback;  // the layers kept FP32
  int harvested_scales = 0;  // qat: tensors with a scale from the model
  bool cache_hit = false;
  std::string cache_description;
  // The cache held statistics of other calibration data (described here);
  // they were replaced.
  std::string stale_cache_description;
  double calibration_seconds = 0;
};

absl::StatusOr<PtqResult> RunPtq(const ir::Graph& model, const PtqRequest& request);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_PTQ_H_
