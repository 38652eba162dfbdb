// Verify: checks that a Graph is well formed. Passes run it between each other
// in tests and debug builds; loaders run it on every file they read.
//
// Checked: every node's operator, arity and attribute types; every input is a
// graph input, a constant, or produced by an earlier node (so no cycles); one
// producer per tensor; constants hold exactly dtype x shape bytes; quantization
// parameters are finite and positive and match their channel axis; and the
// recorded dtypes and known shapes agree with shape inference.
#ifndef MINT8_IR_VERIFIER_H_
#define MINT8_IR_VERIFIER_H_

#include "absl/status/status.h"
#include "ir/graph.h"

namespace mint8::ir {

absl::Status Verify(const Graph& graph);

}  // namespace mint8::ir

#endif  // MINT8_IR_VERIFIER_H_
