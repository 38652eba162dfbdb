#include "ir/imported_graph.h"

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/shape_inference.h"
#include "ir/status_macros.h"
#include "ir/verifier.h"

namespace mint8::ir {

absl::Status CompleteImportedGraph(Graph& graph) {
  MINT8_RETURN_IF_ERROR(graph.TopologicalSort());
  for (const auto& node : graph.nodes()) MINT8_RETURN_IF_ERROR(CheckNodeAgainstSchema(*node));
  MINT8_RETURN_IF_ERROR(InferShapes(graph));
  for (const std::string& out : graph.outputs()) {
    if (graph.FindTensor(out) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("graph output '", out, "' is never produced"));
    }
  }
  // The rest of what makes a graph well formed (each tensor defined once).
  return Verify(graph);
}

}  // namespace mint8::ir
