// Resize: oneDNN resampling for nearest upsampling of H and W by whole
// factors, where ONNX's source pixel (asymmetric + floor, or half_pixel +
// round_prefer_*) is oneDNN's round((dst + 0.5) / f - 0.5) = floor(dst / f):
// the FPN upsampling of detectors. The reference kernel otherwise.
#include <algorithm>
#include <string>
#include <vector>

#include "ir/status_macros.h"
#include "kernels/onednn/binary.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
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

bool SameSourcePixelAsOnednnNearest(const ir::Attributes& a) {
  if (a.GetString("mode", "nearest") != "nearest") return false;
  const std::string coord = a.GetString("coordinate_transformation_mode", "half_pixel");
  const std::string rounding = a.GetString("nearest_mode", "round_prefer_floor");
  if (coord == "asymmetric") return rounding == "floor";
  return (coord == "half_pixel" || coord == "pytorch_half_pixel") &&
         (rounding == "round_prefer_floor" || rounding == "round_prefer_ceil");
}

absl::Status LowerFp32(LoweringContext& ctx, const ir::Node& node) {
  const ir::Dims in = ctx.Info(node.inputs[0]).shape.Sizes(), out = ctx.Info(node.outputs[0]).shape.Sizes();
  const dnnl::memory::desc src = ctx.LayoutOf(node.inputs[0]);
  if (in.size() != 4 || src.is_zero() || in[0] != out[0] || in[1] != out[1] || out[2] % in[2] != 0 ||
      out[3] % in[3] != 0 || !SameSourcePixelAsOnednnNearest(node.attributes)) {
    return NotOnednn("only nearest upsampling by whole factors runs on oneDNN");
  }
  namespace dk = kernels::onednn;
  dk::CompiledPrimitive p;
  try {
    const dnnl::memory::desc dst = dk::SameLayout(src, dnnl::memory::dims(out.begin(), out.end()));
    dnnl::resampling_forward::desc desc(dnnl::prop_kind::forward_inference,
                                        dnnl::algorithm::resampling_nearest, src, dst);
    dnnl::resampling_forward::primitive_desc pd(desc, dk::BaseAttributes(), dk::CpuEngine());
    p = dk::SourceToDestination<dnnl::resampling_forward>("Resize", pd);
  } catch (const dnnl::error& e) {
    return dk::OnednnError("Resize", e);
  }
  MINT8_RETURN_IF_ERROR(RejectReference(p));
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("Resize", OpLowering{Reference, LowerFp32, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
