// Reference 2-D convolution (NCHW input, OIHW weights, grouped/depthwise,
// dilated, padded), followed by fused post-ops. The oracle for the oneDNN path.
#ifndef MINT8_KERNELS_REFERENCE_CONV_H_
#define MINT8_KERNELS_REFERENCE_CONV_H_

#include "absl/types/span.h"
#include "ir/post_op.h"
#include "ir/window.h"

namespace mint8::kernels::reference {

// y = post_ops(conv(x, w) + bias). `bias` may be null; `sum` is the residual
// read by a kSum post-op (null when there is none). y is N x M x OH x OW.
void Conv2dF32(const ir::ConvGeometry& g, const float* x, const float* w, const float* bias,
               absl::Span<const ir::PostOp> post_ops, const float* sum, float* y);

// ConvTranspose: weights [C, M/group, KH, KW] (ONNX layout), y [N, M, out]
// from g.window (begin pads and output size; op_geometry.h).
void ConvTranspose2dF32(const ir::ConvGeometry& g, const float* x, const float* w, const float* bias, float* y);

// Applies `post_ops` to `n` values of y in place; element i of the residual
// is sum[i].
void ApplyPostOps(absl::Span<const ir::PostOp> post_ops, const float* sum, float* y, int64_t n);

}  // namespace mint8::kernels::reference

#endif  // MINT8_KERNELS_REFERENCE_CONV_H_
