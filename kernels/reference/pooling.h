// Reference pooling on NCHW tensors: max (f32, u8, s8) and average (f32)
// windows with ONNX padding/ceil_mode/count_include_pad semantics, and global
// average/max over all spatial positions.
#ifndef MINT8_KERNELS_REFERENCE_POOLING_H_
#define MINT8_KERNELS_REFERENCE_POOLING_H_

#include <cstdint>

#include "ir/window.h"

namespace mint8::kernels::reference {

template <typename T>
void MaxPool2d(const ir::PoolGeometry& g, const T* x, T* y);

// Averages over the window positions inside the input (count_include_pad=0)
// or inside the input plus its explicit padding (count_include_pad=1).
void AvgPool2dF32(const ir::PoolGeometry& g, const float* x, float* y);

// Over `spatial` positions of each of `planes` (= N*C) planes.
void GlobalAvgPoolF32(int64_t planes, int64_t spatial, const float* x, float* y);
template <typename T>
void GlobalMaxPool(int64_t planes, int64_t spatial, const T* x, T* y);

}  // namespace mint8::kernels::reference

#endif  // MINT8_KERNELS_REFERENCE_POOLING_H_
