// What every importer does once its nodes are in: order them, check each
// against its operator's schema, infer shapes, make sure every graph output
// is computed, and verify the graph. The ONNX and Paddle importers share it.
//
//   MINT8_RETURN_IF_ERROR(ir::CompleteImportedGraph(graph));
#ifndef MINT8_IR_IMPORTED_GRAPH_H_
#define MINT8_IR_IMPORTED_GRAPH_H_

#include "absl/status/status.h"
#include "ir/graph.h"

namespace mint8::ir {

absl::Status CompleteImportedGraph(Graph& graph);

}  // namespace mint8::ir

#endif  // MINT8_IR_IMPORTED_GRAPH_H_
