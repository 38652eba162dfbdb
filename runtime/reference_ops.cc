#include "runtime/reference_ops.h"

#include "absl/strings/str_cat.h"
#include "runtime/lowering.h"

namespace mint8::runtime {

absl::Status RunReferenceNode(const ir::Node& node, absl::Span<const ir::ConstTensorView> inputs,
                              absl::Span<const ir::MutableTensorView> outputs) {
  const OpLowering* lowering = FindLowering(node.op_type);
  if (lowering == nullptr) {
    return absl::UnimplementedError(
        absl::StrCat("no reference kernel for ", node.op_type, " (node '", node.name, "')"));
  }
  absl::Status status = lowering->reference(node, inputs, outputs);
  if (!status.ok()) {
    return absl::Status(status.code(),
                        absl::StrCat(node.op_type, " node '", node.name, "': ", status.message()));
  }
  return absl::OkStatus();
}

}  // namespace mint8::runtime
