// ReferenceNodeKernel: a plan step that runs one graph node on the reference
// kernels, over plain row-major values. Used by the reference backend for
// every node and by the oneDNN backend for ops oneDNN does not cover.
#ifndef MINT8_RUNTIME_REFERENCE_KERNEL_H_
#define MINT8_RUNTIME_REFERENCE_KERNEL_H_

#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "kernels/kernel.h"

namespace mint8::runtime {

class ReferenceNodeKernel : public kernels::Kernel {
 public:
  struct Operand {
    int value = -1;  // -1: an omitted optional input
    ir::DataType dtype = ir::DataType::kUnknown;
    ir::Dims dims;
    std::optional<ir::Quantization> quantization;
  };

  ReferenceNodeKernel(ir::Node node, std::vector<Operand> inputs, std::vector<Operand> outputs)
      : node_(std::move(node)), inputs_(std::move(inputs)), outputs_(std::move(outputs)) {}

  absl::string_view op_type() const override { return node_.op_type; }
  std::string implementation() const override { return "mint8:reference"; }
  absl::Status Execute(kernels::KernelContext& ctx) const override;

 private:
  ir::Node node_;
  std::vector<Operand> inputs_;
  std::vector<Operand> outputs_;
};

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_REFERENCE_KERNEL_H_
