// Resize: oneDNN resampling for nearest upsampling of H and W by whole
// factors, where ONNX's source pixel (asymmetric + floor, or half_pixel +
// round_prefer_*) is oneDNN's round((dst + 0.5) / f - 0.5) = floor(dst / f):
// the FPN upsampling of detectors, on f32 or INT8 data (which keeps its
// scale); on a channels-last input also mint8's copy kernel
// (kernels/x86/nearest_upsample.h), the faster on this CPU. The reference
// kernel otherwise.
#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/status_macros.h"
#include "kernels/onednn/binary.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/reference/tensor_ops.h"
#include "kernels/x86/nearest_upsample.h"
#include "kernels/x86/source_to_destination_kernel.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  namespace ref = kernels::reference;
  if (ir::IsInt8(in[0].dtype) &&
      (in[0].dtype != out[0].dtype || in[0].quantization == nullptr || out[0].quantization == nullptr ||
       *in[0].quantization != *out[0].quantization)) {
    return absl::InvalidArgumentError(
        absl::StrCat("Resize node '", node.name, "': INT8 data must keep its type and quantization"));
  }
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
  ref::Resize(in[0], p, out[0]);
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

// mint8's upsampling of a channels-last `src` into `dst`; nullopt for
// other layouts.
std::optional<OwnKernel> OwnNearestUpsampling(const dnnl::memory::desc& src, const dnnl::memory::desc& dst) {
  const dnnl::memory::dims in = src.dims(), out = dst.dims();
  if (src != ChannelsLast(dnnl::memory::desc(in, src.data_type(), dnnl::memory::format_tag::abcd))) {
    return std::nullopt;
  }
  x86::NearestUpsampleParams p;
  p.batch = in[0];
  p.height = in[2];
  p.width = in[3];
  p.factor_h = out[2] / in[2];
  p.factor_w = out[3] / in[3];
  p.pixel_bytes = in[1] * static_cast<int64_t>(dnnl::memory::data_type_size(src.data_type()));
  auto upsample = x86::NearestUpsampleNhwc::Create(p);
  if (!upsample.ok()) return std::nullopt;
  OwnKernel own;
  own.kernel = std::make_unique<x86::SourceToDestinationKernel<x86::NearestUpsampleNhwc>>(
      "Resize", "mint8_upsample", std::move(*upsample));
  own.input_descs = {src};
  own.output_desc = dst;
  return own;
}

absl::Status LowerNearestUpsampling(LoweringContext& ctx, const ir::Node& node) {
  if (ir::IsInt8(ctx.Info(node.inputs[0]).dtype) && !ctx.QuantizedLikeOutput(node)) {
    return NotOnednn("INT8 resizing needs equal input and output quantization");
  }
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
  if (std::optional<OwnKernel> own = OwnNearestUpsampling(src, p.output_desc)) {
    const std::string signature =
        absl::StrCat("nearest upsampling ", ir::DataTypeName(ctx.Info(node.inputs[0]).dtype), " nhwc ",
                     absl::StrJoin(in, "x"), " to ", absl::StrJoin(out, "x"));
    return ctx.EmitFastest(node, std::move(p), std::move(*own), {node.inputs[0]}, signature);
  }
  return ctx.Emit(node, std::move(p), {node.inputs[0]});
}

MINT8_REGISTER_LOWERING("Resize", OpLowering{Reference, LowerNearestUpsampling, LowerNearestUpsampling});

}  // namespace
}  // namespace mint8::runtime::ops
