// Looking operators up: every operator mint8 supports (defined one per file
// in ir/ops/, linked in by this target), its schema and its traits.
//
//   const OpSchema* schema = FindOpSchema("Conv");
//   InferenceContext ctx(graph, node);
//   absl::Status s = schema->infer(ctx);
//   if (TraitsOf(node.op_type).takes_post_ops) { ... }
#ifndef MINT8_IR_OP_SCHEMA_H_
#define MINT8_IR_OP_SCHEMA_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"
#include "ir/op_definition.h"
#include "ir/op_traits.h"

namespace mint8::ir {

// The schema of `op_type`, or null for an operator mint8 does not support.
const OpSchema* FindOpSchema(absl::string_view op_type);
// Names of all supported operators, sorted.
std::vector<std::string> SupportedOps();
// The traits of `op_type`; an operator mint8 does not know has the defaults
// (FP32 only, nothing known).
const OpTraits& TraitsOf(absl::string_view op_type);

// Whether `node` is an INT8 compute op (weights at input 1, bias at 2).
inline bool IsInt8ComputeOp(const Node& node) {
  return TraitsOf(node.op_type).quantization == QuantizationRole::kCompute;
}

// Checks `node`'s arity and attributes against its schema.
absl::Status CheckNodeAgainstSchema(const Node& node);

}  // namespace mint8::ir

#endif  // MINT8_IR_OP_SCHEMA_H_
