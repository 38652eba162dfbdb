// SpecializeGraph: binds a graph's input shapes to concrete sizes, then
// alternates shape inference and constant folding until every tensor has a
// known shape (shape sub-graphs fold away once shapes are known).
//
//   InputShapes shapes = {{"input", {1, 3, 224, 224}}};
//   MINT8_RETURN_IF_ERROR(SpecializeGraph(graph, shapes));
#ifndef MINT8_RUNTIME_SPECIALIZATION_H_
#define MINT8_RUNTIME_SPECIALIZATION_H_

#include <map>
#include <string>

#include "absl/status/status.h"
#include "ir/graph.h"

namespace mint8::runtime {

using InputShapes = std::map<std::string, ir::Dims>;

// `shapes` gives sizes for some inputs (all dimensions). For the others,
// `batch_size` > 0 sets the first dimension (even one the model fixes, e.g.
// to 1); otherwise a symbolic first dimension becomes 1. Errors name the input and
// dimension that stays unknown or conflicts with the model.
// `fold_quantization`: also fold QuantizeLinear/DequantizeLinear whose inputs
// are constants (see ConstantFoldingPass); what a session does.
absl::Status SpecializeGraph(ir::Graph& graph, const InputShapes& shapes, int64_t batch_size,
                             bool fold_quantization = false);

// The shapes a model declares for its inputs, e.g. "input: [N,3,224,224]".
std::string DescribeInputs(const ir::Graph& graph);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_SPECIALIZATION_H_
