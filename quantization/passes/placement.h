// Placement: which nodes of a fused FP32 graph run INT8.
//
// By the operators' quantization roles (ir/op_traits.h): compute ops (Conv,
// Gemm) with f32 input, constant weights and bias run INT8 unless excluded
// or their own traits say why not (Gemm: transA, alpha, ...). Scale-
// preserving ops (pooling, reshapes) and scale-unifying ones (Concat) run
// INT8 when all their inputs come from INT8 nodes, except, optionally, the
// tail between a network's last compute op and its output. Everything else
// stays FP32 between dequantize and quantize nodes.
#ifndef MINT8_QUANTIZATION_PASSES_PLACEMENT_H_
#define MINT8_QUANTIZATION_PASSES_PLACEMENT_H_

#include <set>
#include <string>

#include "ir/graph.h"
#include "quantization/propagation/quantization_plan.h"

namespace mint8::quantization {

struct PlacementOptions {
  std::set<std::string> exclude_nodes;     // by node name
  std::set<std::string> exclude_op_types;  // e.g. "Gemm"
  // A network output reached from a compute op only through reshapes and
  // global pooling: those run FP32 on the compute op's f32 output, so the
  // logits are not rounded to 8 bits (PTQ; a QAT model keeps its trained
  // output grid).
  bool float_output_tails = false;
};

// Fills plan.int8_nodes and plan.fp32_reasons.
void PlaceNodes(const ir::Graph& graph, const PlacementOptions& options, QuantizationPlan& plan);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_PASSES_PLACEMENT_H_
