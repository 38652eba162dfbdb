// Pass and PassManager: graph transformations run in a checked sequence.
//
// Each pass states the graph properties it requires and those it guarantees
// (or invalidates). The manager refuses a pipeline whose requirements are not
// met at that point, and runs ir::Verify after every pass when asked (always
// in tests and debug builds), naming the pass that broke the graph.
//
//   PassManager pm(PassManagerOptions{/*verify_each_pass=*/true});
//   pm.Add(std::make_unique<DeadNodeRemovalPass>());
//   MINT8_RETURN_IF_ERROR(pm.Run(graph));
#ifndef MINT8_IR_PASS_MANAGER_H_
#define MINT8_IR_PASS_MANAGER_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"

namespace mint8::ir {

// Bit flags of what is known about a graph.
enum GraphProperty : uint32_t {
  kShapesKnown = 1u << 0,        // every tensor has a fully known shape
  kConstantsFolded = 1u << 1,    // no node has only constant inputs
  kBatchNormFolded = 1u << 2,    // no BatchNormalization follows a Conv/Gemm
  kFused = 1u << 3,              // activations and residual adds fused
  kQuantized = 1u << 4,          // INT8 types and scales assigned
};

std::string GraphPropertiesToString(uint32_t properties);

class Pass {
 public:
  virtual ~Pass() = default;
  virtual absl::string_view name() const = 0;
  virtual uint32_t requirements() const { return 0; }
  virtual uint32_t guarantees() const { return 0; }
  virtual uint32_t invalidates() const { return 0; }
  virtual absl::Status Run(Graph& graph) = 0;
};

struct PassManagerOptions {
#ifdef NDEBUG
  bool verify_each_pass = false;
#else
  bool verify_each_pass = true;
#endif
};

class PassManager {
 public:
  explicit PassManager(PassManagerOptions options = {}) : options_(options) {}

  void Add(std::unique_ptr<Pass> pass) { passes_.push_back(std::move(pass)); }
  // Runs the passes in order on `graph`, which has `properties` to begin with.
  absl::Status Run(Graph& graph, uint32_t properties = 0);
  // The properties the graph had after the last Run.
  uint32_t properties() const { return properties_; }

 private:
  PassManagerOptions options_;
  std::vector<std::unique_ptr<Pass>> passes_;
  uint32_t properties_ = 0;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_PASS_MANAGER_H_
