#include "ir/pass_manager.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/verifier.h"

namespace mint8::ir {

std::string GraphPropertiesToString(uint32_t properties) {
  static constexpr std::pair<uint32_t, const char*> kNames[] = {
      {kShapesKnown, "shapes-known"},
      {kConstantsFolded, "constants-folded"},
      {kBatchNormFolded, "batchnorm-folded"},
      {kFused, "fused"},
      {kQuantized, "quantized"},
  };
  std::vector<std::string> names;
  for (const auto& [bit, name] : kNames) {
    if (properties & bit) names.push_back(name);
  }
  return names.empty() ? "none" : absl::StrJoin(names, ", ");
}

absl::Status PassManager::Run(Graph& graph, uint32_t properties) {
  properties_ = properties;
  for (const auto& pass : passes_) {
    const uint32_t missing = pass->requirements() & ~properties_;
    if (missing != 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("pass '", pass->name(), "' requires a graph that is ",
                       GraphPropertiesToString(missing), "; an earlier pass must establish it"));
    }
    absl::Status status = pass->Run(graph);
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrCat(pass->name(), ": ", status.message()));
    }
    properties_ = (properties_ & ~pass->invalidates()) | pass->guarantees();
    if (options_.verify_each_pass) {
      absl::Status verified = Verify(graph);
      if (!verified.ok()) {
        return absl::InternalError(
            absl::StrCat("pass '", pass->name(), "' left an invalid graph: ", verified.message()));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace mint8::ir
