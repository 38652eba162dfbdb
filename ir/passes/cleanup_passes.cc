#include "ir/passes/cleanup_passes.h"

#include <set>
#include <string>
#include <vector>

#include "ir/op_schema.h"

namespace mint8::ir {

absl::Status IdentityRemovalPass::Run(Graph& graph) {
  std::vector<const Node*> removable;
  for (const auto& node : graph.nodes()) {
    const OpTraits& traits = TraitsOf(node->op_type);
    if (!traits.is_identity && (traits.identity_when == nullptr || !traits.identity_when(graph, *node)))
      continue;
    const std::string& in = node->inputs[0];
    const std::string& out = node->outputs[0];
    if (!graph.IsGraphOutput(out)) {
      graph.ReplaceAllUses(out, in);
      removable.push_back(node.get());
      continue;
    }
    // The output name is part of the model's interface: keep it by renaming
    // the producer's output instead, when that is unambiguous.
    Node* producer = graph.Producer(in);
    if (producer == nullptr || graph.IsGraphOutput(in) || graph.NumUses(in) != 1) continue;
    for (std::string& o : producer->outputs) {
      if (o == in) o = out;
    }
    removable.push_back(node.get());
  }
  for (const Node* n : removable) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

absl::Status DeadNodeRemovalPass::Run(Graph& graph) {
  std::set<std::string> live(graph.outputs().begin(), graph.outputs().end());
  std::vector<const Node*> dead;
  for (auto it = graph.nodes().rbegin(); it != graph.nodes().rend(); ++it) {
    const Node& node = **it;
    bool used = false;
    for (const std::string& out : node.outputs) used = used || live.count(out) > 0;
    if (!used) {
      dead.push_back(&node);
      continue;
    }
    live.insert(node.inputs.begin(), node.inputs.end());
  }
  for (const Node* n : dead) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

absl::Status ExpansionPass::Run(Graph& graph) {
  std::vector<const Node*> expandable;  // collected first: expanding adds nodes
  for (const auto& node : graph.nodes()) {
    if (TraitsOf(node->op_type).expand != nullptr) expandable.push_back(node.get());
  }
  std::vector<const Node*> expanded;
  for (const Node* node : expandable) {
    if (TraitsOf(node->op_type).expand(graph, *node)) expanded.push_back(node);
  }
  for (const Node* n : expanded) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return graph.TopologicalSort();
}

}  // namespace mint8::ir
