// KernelChoice: which implementation runs a node that both oneDNN and one of
// mint8's own kernels (kernels/x86) can run.
#ifndef MINT8_RUNTIME_KERNEL_CHOICE_H_
#define MINT8_RUNTIME_KERNEL_CHOICE_H_

namespace mint8::runtime {

enum class KernelChoice {
  kFastest,  // time both on this CPU when the plan is built (once per shape and process); the faster runs
  kOnednn,   // always oneDNN's
  kMint8,    // always mint8's own where one covers the node (tests hold it to the reference this way)
};

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_KERNEL_CHOICE_H_
