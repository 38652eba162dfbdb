// Reference elementwise kernels: activations, broadcasting binary arithmetic,
// and type casts, on dense row-major tensors. The oracle for optimized paths.
#ifndef MINT8_KERNELS_REFERENCE_ELEMENTWISE_H_
#define MINT8_KERNELS_REFERENCE_ELEMENTWISE_H_

#include <cstdint>

#include "absl/status/status.h"
#include "ir/post_op.h"
#include "ir/tensor_view.h"

namespace mint8::kernels::reference {

// y[i] = activation(x[i]) for `n` floats; `op` is any PostOp but kSum.
void Activation(const ir::PostOp& op, const float* x, float* y, int64_t n);

// y = clamp(x, lo, hi) on u8/s8 values (bounds rounded inward).
absl::Status ClipInt8(const ir::ConstTensorView& x, float lo, float hi, const ir::MutableTensorView& y);

enum class BinaryOp { kAdd, kSub, kMul, kDiv };

// y = a (op) b with numpy broadcasting; f32, s32 or s64, all of one type.
// Integer division truncates toward zero; a zero divisor is an error.
absl::Status Binary(BinaryOp op, const ir::ConstTensorView& a, const ir::ConstTensorView& b,
                    const ir::MutableTensorView& y);

// y = x converted to y.dtype. Float to integer truncates toward zero and
// saturates (NaN becomes 0); anything to bool is (x != 0).
absl::Status Cast(const ir::ConstTensorView& x, const ir::MutableTensorView& y);

// Strides of `from` (right-aligned, 0 where broadcast) in the index space of
// `to`, which `from` broadcasts to.
ir::Dims BroadcastStrides(const ir::Dims& from, const ir::Dims& to);

}  // namespace mint8::kernels::reference

#endif  // MINT8_KERNELS_REFERENCE_ELEMENTWISE_H_
