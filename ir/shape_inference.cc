#include "ir/shape_inference.h"

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"

namespace mint8::ir {

absl::Status InferShapes(Graph& graph) {
  for (const auto& node : graph.nodes()) {
    MINT8_RETURN_IF_ERROR(CheckNodeAgainstSchema(*node));
    InferenceContext ctx(graph, *node);
    MINT8_RETURN_IF_ERROR(FindOpSchema(node->op_type)->infer(ctx));
    for (size_t i = 0; i < node->outputs.size(); ++i) {
      if (node->outputs[i].empty()) continue;
      TensorInfo* t = graph.FindTensor(node->outputs[i]);
      const InferenceContext::Output& out = ctx.outputs()[i];
      if (out.shape.IsFullyKnown() && out.shape.NumElements() > kMaxTensorElements) {
        return absl::ResourceExhaustedError(absl::StrCat(node->op_type, " node '", node->name, "': output '",
                                                       node->outputs[i], "' would be ", out.shape.ToString(),
                                                       ", more than 2^48 elements"));
      }
      if (t == nullptr) {
        graph.AddTensor(node->outputs[i], out.dtype, out.shape);
      } else if (!t->is_constant()) {
        t->dtype = out.dtype;
        t->shape = out.shape;
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace mint8::ir
