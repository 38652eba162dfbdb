// Shape inference over a whole graph: every tensor a node produces gets its
// dtype and, as far as the inputs and constants allow, its shape.
//
// Run it after binding input shapes; where a shape depends on a value that is
// not constant yet (a shape sub-graph), the output stays unknown until
// constant folding has produced it, so callers alternate the two.
#ifndef MINT8_IR_SHAPE_INFERENCE_H_
#define MINT8_IR_SHAPE_INFERENCE_H_

#include "absl/status/status.h"
#include "ir/graph.h"

namespace mint8::ir {

// Infers outputs of every node in order. Errors name the node and the problem
// (unsupported op or attribute value, inconsistent shapes or types).
absl::Status InferShapes(Graph& graph);

}  // namespace mint8::ir

#endif  // MINT8_IR_SHAPE_INFERENCE_H_
