// The quantizer: FP32 model in, INT8 model out (post-training quantization,
// or conversion of a QDQ model: PrepareQatModel instead of
// PrepareForQuantization, and no calibration needed).
//
//   auto prepared = PrepareForQuantization(model, {});        // fold, fuse
//   auto stats = Calibrate(*prepared, images, 10, nullptr);    // FP32 runs
//   QuantizerOptions options;                                  // percentile
//   QuantizationReport report;
//   auto int8 = QuantizeWithStatistics(*prepared, *stats, options, &report);
//   ir::SaveModelFile(*int8, "model_int8.mint8");
//
// The INT8 graph follows DESIGN's numeric contract: s8 symmetric per-channel
// weights, u8/s8 per-tensor symmetric activations (7-bit ranges on CPUs
// without VNNI, see activation_bits), s32 bias, scales computed on the fused
// graph, FP32 where an op cannot run INT8.
#ifndef MINT8_QUANTIZATION_QUANTIZER_H_
#define MINT8_QUANTIZATION_QUANTIZER_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"
#include "quantization/calibration/thresholds.h"
#include "quantization/qat/qdq_harvest.h"

namespace mint8::quantization {

// Binds input shapes (default: batch 1), folds constants and applies the FP32
// fusions, giving the graph calibration observes and quantization rewrites.
absl::StatusOr<ir::Graph> PrepareForQuantization(const ir::Graph& model,
                                                 const std::map<std::string, ir::Dims>& input_shapes);

// For a QDQ (quantization-aware-trained) model: harvests the trained scales
// and removes the QDQ pairs (qat/qdq_harvest.h), then prepares the FP32 graph
// as above. Pass `scales` as QuantizerOptions::harvested_scales.
struct PreparedQatModel {
  ir::Graph graph;
  HarvestedScales scales;
};
absl::StatusOr<PreparedQatModel> PrepareQatModel(const ir::Graph& model,
                                                 const std::map<std::string, ir::Dims>& input_shapes);

// The CPUs the INT8 model is for. Without VNNI (AVX2, AVX-512 without VNNI),
// oneDNN's u8 x s8 products are exact only with 7-bit weights or 7-bit
// activations; with VNNI (AVX-512 VNNI, AVX-VNNI) both are 8-bit. A model
// quantized for VNNI still runs on other CPUs (the runtime narrows its
// weights to 7 bits there, see runtime/int8_encoding.h), less accurately.
enum class Int8Target {
  kHost,  // the CPU quantizing (as oneDNN sees it, under ONEDNN_MAX_CPU_ISA)
  kVnni,
  kAvx2,
};

// "host", "vnni", "avx2".
absl::string_view Int8TargetName(Int8Target target);
absl::StatusOr<Int8Target> ParseInt8Target(absl::string_view name);
// Whether `target` has VNNI; kHost asks oneDNN about this CPU. The only
// place the quantizer reads the host CPU.
bool TargetHasVnni(Int8Target target);

struct QuantizerOptions {
  Int8Target target = Int8Target::kHost;
  CalibrationAlgorithm algorithm = CalibrationAlgorithm::kPercentile;
  double percentile = 99.99;
  std::set<std::string> exclude_nodes;
  std::set<std::string> exclude_op_types;
  // Weight and activation widths, 8 or 7; 0 = decide for the target
  // (ResolveBits).
  int weight_bits = 0;
  int activation_bits = 0;
  // Fold the mean error of the rounded weights into the bias, per output
  // channel, using the calibration images' per-channel input means.
  bool bias_correction = true;
  // Signed activations that reach much less far below zero than above (the
  // outputs of HardSwish, SiLU, GELU) are stored as u8 with a zero point
  // over their observed range instead of symmetric s8: up to twice the
  // resolution. Calibrated scales only; a QAT model's trained grids stay.
  bool asymmetric_activations = true;
  // Quantization-aware-trained models: the scales harvested from the QDQ
  // pairs (PrepareQatModel). Tensors with one keep the trained step; the
  // others use calibration statistics when there are any, else the INT8 ops
  // that touch them stay FP32 (the report says which).
  HarvestedScales harvested_scales;
};

struct QuantizationReport {
  int int8_nodes = 0;
  int fp32_nodes = 0;
  std::map<std::string, std::string> fp32_compute_nodes;  // name -> why
  std::vector<std::string> zero_tensors;  // identically zero during calibration
  int weight_bits = 8;
  int activation_bits = 8;
  std::string algorithm;
};

// The widths QuantizeWithStatistics uses: as given; a 0 becomes 8 for a
// target with VNNI; without VNNI, 0 becomes what keeps the other side exact
// (8-bit weights with 7-bit activations when neither is given).
std::pair<int, int> ResolveBits(const QuantizerOptions& options, bool cpu_has_vnni);

// Records the target and the widths in the model's metadata ("int8_target").
absl::StatusOr<ir::Graph> QuantizeWithStatistics(const ir::Graph& prepared,
                                                 const StatisticsMap& stats,
                                                 const QuantizerOptions& options,
                                                 QuantizationReport* report);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_QUANTIZER_H_
