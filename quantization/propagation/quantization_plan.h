// QuantizationPlan: the INT8 decisions for a fused FP32 graph, made before
// the graph is rewritten: which nodes run INT8 (placement), and every
// quantized tensor's type and scale (after scale propagation).
#ifndef MINT8_QUANTIZATION_PROPAGATION_QUANTIZATION_PLAN_H_
#define MINT8_QUANTIZATION_PROPAGATION_QUANTIZATION_PLAN_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "ir/data_type.h"
#include "ir/quantization.h"

namespace mint8::quantization {

struct TensorPlan {
  ir::DataType dtype = ir::DataType::kU8;  // u8 (non-negative by construction) or s8
  ir::Quantization quantization;           // per tensor, zero point 0
  double threshold = 0;                    // the clipping threshold chosen
};

struct QuantizationPlan {
  std::set<std::string> int8_nodes;
  // Why compute nodes stay FP32, for the report.
  std::map<std::string, std::string> fp32_reasons;
  std::map<std::string, TensorPlan> tensors;
  int weight_bits = 8;
  // QAT without calibration: outputs of INT8 compute ops that have no scale.
  // Their only consumers run FP32, so the op writes f32 itself (SquashPass);
  // the placeholder scale they get is never used.
  std::set<std::string> float_outputs;
  // Trained weight grids of a QAT model, by FP32 weight tensor (QuantizeWeights).
  std::map<std::string, ir::Quantization> weight_grids;
  // Bias correction: the mean of each channel of an INT8 compute op's FP32
  // input (by node name); empty = no correction.
  std::map<std::string, std::vector<double>> input_channel_means;
};

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_PROPAGATION_QUANTIZATION_PLAN_H_
