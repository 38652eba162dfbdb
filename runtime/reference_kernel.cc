#include "runtime/reference_kernel.h"

#include "absl/container/inlined_vector.h"
#include "runtime/reference_ops.h"

namespace mint8::runtime {

absl::Status ReferenceNodeKernel::Execute(kernels::KernelContext& ctx) const {
  absl::InlinedVector<ir::ConstTensorView, 6> inputs;
  for (const Operand& o : inputs_) {
    inputs.push_back({o.dtype, o.dims, o.value >= 0 ? ctx.data(o.value) : nullptr,
                      o.quantization ? &*o.quantization : nullptr});
  }
  absl::InlinedVector<ir::MutableTensorView, 2> outputs;
  for (const Operand& o : outputs_) {
    outputs.push_back({o.dtype, o.dims, ctx.data(o.value), o.quantization ? &*o.quantization : nullptr});
  }
  return RunReferenceNode(node_, inputs, outputs);
}

}  // namespace mint8::runtime
