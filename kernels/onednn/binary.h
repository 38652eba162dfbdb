// oneDNN binary arithmetic (add, sub, mul, div) of two tensors of equal rank
// (FP32, or INT8 with scales); the second may broadcast (size-1
// dimensions) and may be a constant, packed once.
#ifndef MINT8_KERNELS_ONEDNN_BINARY_H_
#define MINT8_KERNELS_ONEDNN_BINARY_H_

#include <vector>

#include "absl/status/statusor.h"
#include "ir/post_op.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct BinarySpec {
  dnnl::algorithm algorithm = dnnl::algorithm::binary_add;
  dnnl::memory::desc src0_desc;  // the first operand's layout
  dnnl::memory::desc src1_desc;  // the layout the primitive reads the second in
  // Set when the second operand is constant: its data, in src1_constant_desc.
  const void* src1_constant = nullptr;
  dnnl::memory::desc src1_constant_desc;
  // INT8: dst = src0_scale * src0 (op) src1_scale * src1 + dst_shift,
  // rounded and saturated to dst_type (undef: src0's type). The shift holds
  // the destination's zero point (and, for a sum, the sources' ones).
  float src0_scale = 1.f, src1_scale = 1.f;
  float dst_shift = 0.f;
  int32_t dst_qmin = 0, dst_qmax = 0;  // a narrowed INT8 range; both 0: dst_type's
  dnnl::memory::data_type dst_type = dnnl::memory::data_type::undef;
  // FP32: activations applied to the result (not with a dst_shift).
  std::vector<ir::PostOp> post_ops;
};

absl::StatusOr<CompiledPrimitive> CreateBinary(const BinarySpec& spec);

// A layout for `dims` with the same format as `like` (plain, nhwc or
// channel-blocked by 8 or 16), so a broadcast operand matches the other one;
// plain when `like` is none of these.
dnnl::memory::desc SameLayout(const dnnl::memory::desc& like, const dnnl::memory::dims& dims);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_BINARY_H_
