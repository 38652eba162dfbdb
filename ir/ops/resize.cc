// Resize (ONNX semantics, opset 13 form). In INT8 graphs it keeps its input's
// scale (QuantizationRole::kScalePreserving): nearest copies values, linear
// interpolates between them, rounding.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferResize(InferenceContext& ctx) {
  const Attributes& a = ctx.attributes();
  const std::string mode = a.GetString("mode", "nearest");
  const std::string coord = a.GetString("coordinate_transformation_mode", "half_pixel");
  const std::string nearest = a.GetString("nearest_mode", "round_prefer_floor");
  if (mode != "nearest" && mode != "linear") {
    return ctx.Error(absl::StrCat("mode '", mode, "' is not supported (nearest, linear are)"));
  }
  if (coord != "half_pixel" && coord != "asymmetric" && coord != "align_corners" &&
      coord != "pytorch_half_pixel") {
    return ctx.Error(absl::StrCat("coordinate_transformation_mode '", coord, "' is not supported"));
  }
  if (nearest != "round_prefer_floor" && nearest != "round_prefer_ceil" && nearest != "floor" &&
      nearest != "ceil") {
    return ctx.Error(absl::StrCat("nearest_mode '", nearest, "' is not supported"));
  }
  if (a.GetInt("exclude_outside", 0) != 0) return ctx.Error("exclude_outside is not supported");
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kU8, DataType::kS8}));
  const DataType dtype = ctx.input_dtype(0);
  if (!ctx.input_shape(0).IsFullyKnown()) {
    ctx.SetOutputsUnknown(dtype);
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  Dims out;
  if (ctx.has_input(3)) {
    std::optional<std::vector<int64_t>> sizes = ctx.ConstantInts(3);
    if (!sizes.has_value()) {
      ctx.SetOutputsUnknown(dtype);
      return absl::OkStatus();
    }
    if (sizes->size() != x.size()) return ctx.Error("sizes must have one value per input axis");
    out.assign(sizes->begin(), sizes->end());
  } else if (ctx.has_input(2)) {
    std::optional<std::vector<float>> scales = ctx.ConstantFloats(2);
    if (!scales.has_value()) {
      ctx.SetOutputsUnknown(dtype);
      return absl::OkStatus();
    }
    if (scales->size() != x.size()) return ctx.Error("scales must have one value per input axis");
    for (size_t i = 0; i < x.size(); ++i) {
      if ((*scales)[i] <= 0) return ctx.Error("scales must be positive");
      out.push_back(static_cast<int64_t>(std::floor(x[i] * (*scales)[i])));
    }
  } else {
    return ctx.Error("one of scales or sizes is required");
  }
  ctx.SetOutput(0, dtype, Shape::Of(out));
  return absl::OkStatus();
}

// Before opset 11 there was no roi input.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (ctx.opset() < 11) node.inputs.insert(node.inputs.begin() + 1, "");
  return absl::OkStatus();
}

MINT8_REGISTER_OP(With(WithOnnxForm(Op("Resize", 1, 4,
                                       {{"coordinate_transformation_mode", K::kString},
                                        {"cubic_coeff_a", K::kFloat},
                                        {"exclude_outside", K::kInt},
                                        {"extrapolation_value", K::kFloat},
                                        {"mode", K::kString},
                                        {"nearest_mode", K::kString}},
                                       InferResize),
                                    FromOnnx),
                       ScalePreservingTraits(false)));

}  // namespace
}  // namespace mint8::ir::ops
