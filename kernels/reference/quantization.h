// Reference quantization kernels with ONNX QuantizeLinear/DequantizeLinear
// semantics: q = saturate(round_half_to_even(x / scale) + zero_point) and
// x = (q - zero_point) * scale, per tensor or per channel along `axis`.
#ifndef MINT8_KERNELS_REFERENCE_QUANTIZATION_H_
#define MINT8_KERNELS_REFERENCE_QUANTIZATION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "ir/tensor_view.h"

namespace mint8::kernels::reference {

// x f32 -> y u8/s8 (the zero point's type; u8 when absent).
absl::Status QuantizeLinear(const ir::ConstTensorView& x, const ir::ConstTensorView& scale,
                            const ir::ConstTensorView* zero_point, int64_t axis,
                            const ir::MutableTensorView& y);

// x u8/s8/s32 -> y f32.
absl::Status DequantizeLinear(const ir::ConstTensorView& x, const ir::ConstTensorView& scale,
                              const ir::ConstTensorView* zero_point, int64_t axis,
                              const ir::MutableTensorView& y);

// round_half_to_even(v) saturated to the range of u8 / s8 / s32.
int32_t RoundAndSaturate(float v, ir::DataType type);

}  // namespace mint8::kernels::reference

#endif  // MINT8_KERNELS_REFERENCE_QUANTIZATION_H_
