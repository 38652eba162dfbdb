// BuildExecutionPlan: turns a specialized, optimized graph into an
// ExecutionPlan for one backend.
//
// kOnednn: each node gets a oneDNN primitive where oneDNN covers it (layouts
// chosen by the primitives, kept between layers; reorders only where two
// layouts meet), otherwise a reference kernel on plain layouts.
// kReference: every node runs on the reference kernels (the oracle).
// Where mint8 has a kernel of its own for a node, `kernel_choice` picks
// between it and oneDNN's.
#ifndef MINT8_RUNTIME_PLAN_BUILDER_H_
#define MINT8_RUNTIME_PLAN_BUILDER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "runtime/execution_plan.h"
#include "runtime/kernel_choice.h"

namespace mint8::runtime {

enum class Backend { kOnednn, kReference };

absl::StatusOr<std::unique_ptr<ExecutionPlan>> BuildExecutionPlan(
    const ir::Graph& graph, Backend backend, KernelChoice kernel_choice = KernelChoice::kFastest);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_PLAN_BUILDER_H_
