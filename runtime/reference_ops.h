// RunReferenceNode: executes one graph node with the reference kernels, on
// dense row-major tensors whose output shapes shape inference has fixed.
// Used by constant folding and by the reference backend; the semantics here
// are the oracle the oneDNN backend is tested against.
#ifndef MINT8_RUNTIME_REFERENCE_OPS_H_
#define MINT8_RUNTIME_REFERENCE_OPS_H_

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "ir/graph.h"
#include "ir/tensor_view.h"

namespace mint8::runtime {

// Omitted optional inputs are views with raw == nullptr.
absl::Status RunReferenceNode(const ir::Node& node, absl::Span<const ir::ConstTensorView> inputs,
                              absl::Span<const ir::MutableTensorView> outputs);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_REFERENCE_OPS_H_
