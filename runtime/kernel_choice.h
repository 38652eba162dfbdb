// KernelChoice: which implementation runs a node that both oneDNN and one of
// mint8's own kernels (kernels/x86) can run. Both keep the INT8 contract (within
// one unit of the last place of the reference kernels) but may round a value
// differently, so which one a timing picks can move an output by that unit.
#ifndef MINT8_RUNTIME_KERNEL_CHOICE_H_
#define MINT8_RUNTIME_KERNEL_CHOICE_H_

#include <optional>
#include <string_view>

namespace mint8::runtime {

enum class KernelChoice {
  kFastest,  // time both on this CPU when the plan is built (once per shape and process); the faster runs
  kOnednn,   // always oneDNN's
  kMint8,    // always mint8's own where one covers the node (tests hold it to the reference this way)
};

// "fastest", "onednn" or "mint8" (the tools' --kernels); nullopt otherwise.
inline std::optional<KernelChoice> ParseKernelChoice(std::string_view name) {
  if (name == "fastest") return KernelChoice::kFastest;
  if (name == "onednn") return KernelChoice::kOnednn;
  if (name == "mint8") return KernelChoice::kMint8;
  return std::nullopt;
}

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_KERNEL_CHOICE_H_
