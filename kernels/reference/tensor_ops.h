// Reference data-movement and reduction kernels on dense row-major tensors of
// any element type: concat, transpose, pad, slice, gather, resize, mean.
#ifndef MINT8_KERNELS_REFERENCE_TENSOR_OPS_H_
#define MINT8_KERNELS_REFERENCE_TENSOR_OPS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "ir/tensor_view.h"

namespace mint8::kernels::reference {

// y = the inputs joined along `axis` (non-negative).
void Concat(absl::Span<const ir::ConstTensorView> inputs, int64_t axis,
            const ir::MutableTensorView& y);

// ShuffleNet's channel shuffle of the inputs joined along axis 1 (C
// channels in all, `groups` dividing C): y[n, o, ...] = joined[n, (o %
// groups) * (C / groups) + o / groups, ...], i.e. Reshape to [N, groups,
// C / groups, ...], swap axes 1 and 2, Reshape back.
void ChannelShuffle(absl::Span<const ir::ConstTensorView> inputs, int64_t groups,
                    const ir::MutableTensorView& y);

// y[i_perm[0], i_perm[1], ...] = x[i_0, i_1, ...]; perm as ONNX Transpose.
void Transpose(const ir::ConstTensorView& x, absl::Span<const int64_t> perm,
               const ir::MutableTensorView& y);

enum class PadMode { kConstant, kReflect, kEdge };
// pads = [begin_0 .. begin_r-1, end_0 .. end_r-1], all >= 0; `value` for
// kConstant, converted to y's type.
void Pad(const ir::ConstTensorView& x, absl::Span<const int64_t> pads, PadMode mode, double value,
         const ir::MutableTensorView& y);

// Per axis of x: y covers x[start + i * step] for i < y.dims[axis].
void StridedSlice(const ir::ConstTensorView& x, absl::Span<const int64_t> starts,
                  absl::Span<const int64_t> steps, const ir::MutableTensorView& y);

// ONNX Gather along `axis`; indices (s32/s64) may be negative; out of range is
// an error.
absl::Status Gather(const ir::ConstTensorView& x, const ir::ConstTensorView& indices, int64_t axis,
                    const ir::MutableTensorView& y);

enum class ResizeMode { kNearest, kLinear };
enum class CoordinateTransform { kHalfPixel, kPytorchHalfPixel, kAlignCorners, kAsymmetric };
enum class NearestRounding { kRoundPreferFloor, kRoundPreferCeil, kFloor, kCeil };
struct ResizeParams {
  ResizeMode mode = ResizeMode::kNearest;
  CoordinateTransform transform = CoordinateTransform::kHalfPixel;
  NearestRounding rounding = NearestRounding::kRoundPreferFloor;
  // Per axis: output/input scale used by the coordinate transform.
  std::vector<float> scales;
};
// Separable per axis (n-linear = linear along each resized axis). x and y
// are both f32, or both u8 or s8: INT8 values are resized as numbers (on
// one scale and zero point) and rounded to nearest even at the end.
void Resize(const ir::ConstTensorView& x, const ResizeParams& p, const ir::MutableTensorView& y);

// Mean over the axes marked in `reduce` (one flag per axis of x); y has the
// kept axes in order (keepdims does not change the data).
void ReduceMeanF32(const ir::ConstTensorView& x, const std::vector<bool>& reduce, float* y);

}  // namespace mint8::kernels::reference

#endif  // MINT8_KERNELS_REFERENCE_TENSOR_OPS_H_
