// Clean-up passes that every pipeline runs:
//  - IdentityRemovalPass: removes Identity and (inference) Dropout nodes by
//    rewiring their consumers to the input.
//  - DeadNodeRemovalPass: removes nodes whose outputs nothing uses, and
//    tensors nothing mentions.
//  - ExpansionPass: replaces nodes whose operator expands into simpler ones
//    (OpTraits::expand: Split into Slices), so later passes, the quantizer
//    and the kernels only see those.
#ifndef MINT8_IR_PASSES_CLEANUP_PASSES_H_
#define MINT8_IR_PASSES_CLEANUP_PASSES_H_

#include "ir/pass_manager.h"

namespace mint8::ir {

class IdentityRemovalPass : public Pass {
 public:
  absl::string_view name() const override { return "identity-removal"; }
  absl::Status Run(Graph& graph) override;
};

class DeadNodeRemovalPass : public Pass {
 public:
  absl::string_view name() const override { return "dead-node-removal"; }
  absl::Status Run(Graph& graph) override;
};

class ExpansionPass : public Pass {
 public:
  absl::string_view name() const override { return "expansion"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_PASSES_CLEANUP_PASSES_H_
