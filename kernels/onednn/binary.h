// oneDNN binary arithmetic (add, sub, mul, div) of two FP32 tensors of equal
// rank; the second may broadcast (size-1 dimensions). Either operand may be a
// constant, packed once.
#ifndef MINT8_KERNELS_ONEDNN_BINARY_H_
#define MINT8_KERNELS_ONEDNN_BINARY_H_

#include "absl/status/statusor.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct BinarySpec {
  dnnl::algorithm algorithm = dnnl::algorithm::binary_add;
  dnnl::memory::desc src0_desc;  // the first operand's layout
  dnnl::memory::desc src1_desc;  // the second's (plain when constant)
  const void* src1_constant = nullptr;  // set when the second operand is constant
};

absl::StatusOr<CompiledPrimitive> CreateBinary(const BinarySpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_BINARY_H_
