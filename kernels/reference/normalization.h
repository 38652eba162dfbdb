// Reference normalizations: inference BatchNormalization, LRN (across
// channels, ONNX semantics) and Softmax (single axis, or the opset < 13
// flattened-to-2-D form).
#ifndef MINT8_KERNELS_REFERENCE_NORMALIZATION_H_
#define MINT8_KERNELS_REFERENCE_NORMALIZATION_H_

#include <cstdint>

#include "ir/tensor_view.h"

namespace mint8::kernels::reference {

// x: N x C x (spatial...). y = scale * (x - mean) / sqrt(var + epsilon) + bias.
void BatchNormF32(const ir::ConstTensorView& x, const float* scale, const float* bias,
                  const float* mean, const float* var, float epsilon, float* y);

struct LrnParams {
  int64_t size = 1;
  float alpha = 1e-4f, beta = 0.75f, bias = 1.f;
};
// x: N x C x H x W.
void LrnF32(const LrnParams& p, const ir::ConstTensorView& x, float* y);

// Softmax over `axis` (already non-negative); with `coerce_2d`, over all
// dimensions from `axis` on, as one flattened row.
void SoftmaxF32(const ir::ConstTensorView& x, int64_t axis, bool coerce_2d, float* y);

}  // namespace mint8::kernels::reference

#endif  // MINT8_KERNELS_REFERENCE_NORMALIZATION_H_
