// Clean-up passes that every pipeline runs:
//  - IdentityRemovalPass: removes Identity and (inference) Dropout nodes by
//    rewiring their consumers to the input.
//  - DeadNodeRemovalPass: removes nodes whose outputs nothing uses, and
//    tensors nothing mentions.
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

}  // namespace mint8::ir

#endif  // MINT8_IR_PASSES_CLEANUP_PASSES_H_
