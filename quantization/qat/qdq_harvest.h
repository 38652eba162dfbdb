// HarvestQdqScales: turns a quantization-aware-trained model in ONNX QDQ form
// into a plain FP32 graph plus the scales its training chose.
//
//   ir::Graph g = qat_model;
//   MINT8_ASSIGN_OR_RETURN(HarvestedScales scales, HarvestQdqScales(g));
//   // g has no QuantizeLinear/DequantizeLinear left; weights are the
//   // fake-quantized FP32 values;
//   // scales.activations["conv1_out"] = {scale, zp, u8}.
//
// Activation pairs (x -> QuantizeLinear -> DequantizeLinear -> consumers)
// become an Identity on x (removed by the FP32 cleanup passes) and record x's
// scale and zero point. Weight chains (an integer initializer -> DQ, or a
// float initializer -> Q -> DQ) are replaced by the FP32 weights they
// produce, so BN folding and fusion see the values the training saw.
// Anything else (a Q whose output is used without a DQ, per-channel
// activation scales, a DQ of a computed integer tensor) is an error naming
// the node.
#ifndef MINT8_QUANTIZATION_QAT_QDQ_HARVEST_H_
#define MINT8_QUANTIZATION_QAT_QDQ_HARVEST_H_

#include <cmath>
#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "ir/data_type.h"
#include "ir/graph.h"
#include "ir/quantization.h"

namespace mint8::quantization {

struct HarvestedScale {
  float scale = 0;
  int32_t zero_point = 0;
  ir::DataType dtype = ir::DataType::kU8;  // the trained integer type, u8 or s8
  // Bounds from the producer: a Clip right before the QuantizeLinear (how
  // exported 7-bit ranges are written), or pooling/reshaping/concatenation
  // of tensors with known ranges.
  double clip_min = -HUGE_VAL, clip_max = HUGE_VAL;

  // The real range the trained grid covers.
  double lowest() const;
  double highest() const;
};

struct HarvestedScales {
  std::map<std::string, HarvestedScale> activations;  // by FP32 tensor
  // The grid each folded weight tensor was fake-quantized on: its step(s)
  // along `axis` (zero points only shift the grid, so they are not kept).
  std::map<std::string, ir::Quantization> weights;
};

// Whether `graph` has any QuantizeLinear or DequantizeLinear node.
bool HasQdqNodes(const ir::Graph& graph);

absl::StatusOr<HarvestedScales> HarvestQdqScales(ir::Graph& graph);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_QAT_QDQ_HARVEST_H_
