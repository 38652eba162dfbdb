// PropagateScales: the type and scale of every tensor the INT8 graph will
// hold, from calibration statistics and placement.
//
//  - Tensors joined by scale-preserving ops (pooling, reshapes) and by Concat
//    share one scale: Concat unifies its inputs to the widest range, so no
//    requantization is needed and a producer writes the shared scale directly.
//  - A tensor (or group) is u8 when it is non-negative by construction (after
//    ReLU, ReLU6/Clip(min >= 0), Sigmoid, HardSigmoid, Softmax, or pooling,
//    reshaping or concatenating such tensors), otherwise s8. Symmetric scales:
//    threshold / 255 for u8, threshold / 127 for s8 (7-bit activations:
//    / 127 and / 63, with the narrowed range recorded). With `asymmetric`, a
//    calibrated s8 group whose observed [min, max] clipped to +-threshold
//    is lopsided (HardSwish, SiLU, GELU outputs) becomes u8 with a zero
//    point over that clipped range instead.
//  - With harvested (QAT) scales, a group that has one keeps the trained step
//    (threshold = step x (levels - 1)) when that still covers the trained
//    range, else widens to the trained range; calibration statistics serve
//    only the groups without one.
//  - A tensor that was identically zero during calibration gets threshold 1
//    (any scale represents zero exactly); the report lists it.
#ifndef MINT8_QUANTIZATION_PROPAGATION_SCALE_PROPAGATION_H_
#define MINT8_QUANTIZATION_PROPAGATION_SCALE_PROPAGATION_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"
#include "quantization/calibration/thresholds.h"
#include "quantization/propagation/quantization_plan.h"
#include "quantization/qat/qdq_harvest.h"

namespace mint8::quantization {

struct ScaleOptions {
  CalibrationAlgorithm algorithm = CalibrationAlgorithm::kPercentile;
  double percentile = 99.99;
  // 8, or 7: ranges [0, 127] (u8) and [-64, 63] (s8), for CPUs without VNNI.
  int activation_bits = 8;
  // Scales from a QAT model's QDQ pairs (by tensor); null for PTQ.
  const HarvestedScales* harvested = nullptr;
  // Signed groups whose observed range, clipped to the threshold, spans
  // under 90% of the symmetric grid's step x 255 get u8 with a zero point
  // over that range.
  bool asymmetric = false;
};

// The tensors INT8 nodes read or write (data inputs, residuals, outputs),
// grouped by the scale they must share: root -> members.
std::map<std::string, std::vector<std::string>> ScaleGroups(const ir::Graph& graph,
                                                            const QuantizationPlan& plan);

// Fills plan.tensors; `zero_tensors` gets the tensors that were all zero.
absl::Status PropagateScales(const ir::Graph& graph, const StatisticsMap& stats,
                             const ScaleOptions& options, QuantizationPlan& plan,
                             std::vector<std::string>* zero_tensors);

// Whether every value of `tensor` is >= 0 by the ops that produce it.
bool NonNegativeByConstruction(const ir::Graph& graph, const std::string& tensor);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_PROPAGATION_SCALE_PROPAGATION_H_
