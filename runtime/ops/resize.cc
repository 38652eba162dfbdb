// Resize: the reference kernel (nearest and linear).
#include <algorithm>
#include <string>
#include <vector>

#include "kernels/reference/tensor_ops.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  namespace ref = kernels::reference;
  const ir::Attributes& a = node.attributes;
  ref::ResizeParams p;
  p.mode = a.GetString("mode", "nearest") == "linear" ? ref::ResizeMode::kLinear : ref::ResizeMode::kNearest;
  const std::string coord = a.GetString("coordinate_transformation_mode", "half_pixel");
  p.transform = coord == "asymmetric"           ? ref::CoordinateTransform::kAsymmetric
                : coord == "align_corners"      ? ref::CoordinateTransform::kAlignCorners
                : coord == "pytorch_half_pixel" ? ref::CoordinateTransform::kPytorchHalfPixel
                                                : ref::CoordinateTransform::kHalfPixel;
  const std::string nearest = a.GetString("nearest_mode", "round_prefer_floor");
  p.rounding = nearest == "round_prefer_ceil" ? ref::NearestRounding::kRoundPreferCeil
               : nearest == "floor"           ? ref::NearestRounding::kFloor
               : nearest == "ceil"            ? ref::NearestRounding::kCeil
                                              : ref::NearestRounding::kRoundPreferFloor;
  for (int d = 0; d < in[0].rank(); ++d) {
    // Given scales drive the coordinate transform; with sizes, out/in does.
    p.scales.push_back(Present(in, 3) ? static_cast<float>(out[0].dims[d]) / in[0].dims[d]
                                      : in[2].data<float>()[d]);
  }
  ref::ResizeF32(in[0], p, out[0]);
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Resize", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
