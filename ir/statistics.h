// Model statistics: multiply-accumulate counts and parameter sizes, per node
// and in total, from a graph with known shapes. Used by inspect, benchmark
// (GMAC/s and % of peak) and the zoo's self-checks.
#ifndef MINT8_IR_STATISTICS_H_
#define MINT8_IR_STATISTICS_H_

#include <cstdint>

#include "ir/graph.h"

namespace mint8::ir {

// MACs of one node (Conv, Gemm, MatMul; 0 for everything else); requires
// known input and output shapes.
int64_t NodeMacs(const Graph& graph, const Node& node);

// Sum over all nodes.
int64_t CountMacs(const Graph& graph);

// Bytes of all constant tensors.
int64_t ParameterBytes(const Graph& graph);

}  // namespace mint8::ir

#endif  // MINT8_IR_STATISTICS_H_
