// The operators mint8 supports: arity, attributes and shape inference.
//
// Semantics are ONNX's (opset 13 forms) unless noted. mint8 extensions:
//  - Conv, Gemm, MatMul: "post_ops"/"post_op_alpha"/"post_op_beta" (fused
//    activations and residual sum, see op_schema.h); the sum reads one extra
//    input after the regular ones.
//  - Softmax: "coerce_2d" = 1 keeps the opset < 13 meaning (softmax over the
//    input flattened to 2-D at `axis`).
//  - Clip: min/max are attributes (the importer converts the input form).
//  - Squeeze/Unsqueeze: axes is an attribute (the importer converts inputs).
//  - Cast "to", ConstantOfShape "dtype": a DataTypeName ("f32", "s64", ...).
//  - QuantizeLinear/DequantizeLinear: as ONNX; Requantize (x, x_scale,
//    x_zero_point, y_scale, y_zero_point) maps one quantization to another.
#include <algorithm>
#include <map>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/op_geometry.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"

namespace mint8::ir {
namespace {

using K = AttributeKind;

constexpr DataType kF32 = DataType::kF32;

std::vector<AttributeSpec> PostOpAttributes() {
  return {{"post_ops", K::kStrings}, {"post_op_alpha", K::kFloats}, {"post_op_beta", K::kFloats}};
}

std::vector<AttributeSpec> Concat(std::vector<AttributeSpec> a, std::vector<AttributeSpec> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// Normalizes a possibly negative axis into [0, rank).
absl::Status NormalizeAxis(const InferenceContext& ctx, int64_t& axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    return ctx.Error(absl::StrCat("axis ", axis, " is out of range for rank ", rank));
  }
  if (axis < 0) axis += rank;
  return absl::OkStatus();
}

absl::Status RequireDtype(const InferenceContext& ctx, int input,
                          std::initializer_list<DataType> allowed) {
  const DataType dt = ctx.input_dtype(input);
  for (DataType a : allowed) {
    if (dt == a) return absl::OkStatus();
  }
  std::vector<std::string> names;
  for (DataType a : allowed) names.push_back(std::string(DataTypeName(a)));
  return ctx.Error(absl::StrCat("input ", input, " ('", ctx.node().inputs[input], "') is ",
                                DataTypeName(dt), "; expected ", absl::StrJoin(names, " or ")));
}

// Output dtype of a compute op: f32 for f32 inputs; for quantized inputs the
// dtype the quantization passes recorded on the output.
absl::StatusOr<DataType> ComputeOutputDtype(const InferenceContext& ctx) {
  const DataType in = ctx.input_dtype(0);
  if (in == kF32) return kF32;
  if (IsInt8(in)) {
    const DataType out = ctx.existing_output_dtype(0);
    if (out == kF32 || IsInt8(out) || out == DataType::kS32) return out;
    return ctx.Error("quantized op without a recorded output type");
  }
  return ctx.Error(absl::StrCat("unsupported input type ", DataTypeName(in)));
}

absl::StatusOr<Dims> Broadcast(const InferenceContext& ctx, const Dims& a, const Dims& b) {
  const size_t rank = std::max(a.size(), b.size());
  Dims out(rank);
  for (size_t i = 0; i < rank; ++i) {
    const int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1) {
      return ctx.Error(absl::StrCat("shapes ", DimsToString(a), " and ", DimsToString(b),
                                    " do not broadcast"));
    }
    out[i] = da == 1 ? db : da;
  }
  return out;
}

absl::Status CheckPostOps(InferenceContext& ctx, int regular_inputs) {
  std::vector<PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ParsePostOps(ctx.node(), post_ops));
  const bool has_sum = std::any_of(post_ops.begin(), post_ops.end(),
                                   [](const PostOp& p) { return p.kind == PostOpKind::kSum; });
  if (has_sum != ctx.has_input(regular_inputs)) {
    return ctx.Error("a 'sum' post-op needs exactly one residual input after the regular ones");
  }
  return absl::OkStatus();
}

// ---- shape functions ----

absl::Status InferSameAsInput(InferenceContext& ctx) {
  ctx.SetOutput(0, ctx.input_dtype(0), ctx.input_shape(0));
  return absl::OkStatus();
}

absl::Status InferFloatUnary(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  return InferSameAsInput(ctx);
}

absl::Status InferClip(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kU8, DataType::kS8}));
  if (ctx.attributes().GetFloat("min", -INFINITY) > ctx.attributes().GetFloat("max", INFINITY)) {
    return ctx.Error("min is greater than max");
  }
  return InferSameAsInput(ctx);
}

absl::Status InferDropout(InferenceContext& ctx) {
  if (ctx.node().outputs.size() > 1 && !ctx.node().outputs[1].empty()) {
    return ctx.Error("the mask output is not supported (inference only)");
  }
  if (ctx.has_input(2)) {
    std::optional<std::vector<int64_t>> training = ctx.ConstantInts(2);
    if (!training.has_value() || (*training)[0] != 0) {
      return ctx.Error("training_mode must be a constant false for inference");
    }
  }
  return InferSameAsInput(ctx);
}

absl::Status InferBinary(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kS32, DataType::kS64}));
  if (ctx.input_dtype(1) != ctx.input_dtype(0)) {
    return ctx.Error(absl::StrCat("inputs have different types (", DataTypeName(ctx.input_dtype(0)),
                                  ", ", DataTypeName(ctx.input_dtype(1)), ")"));
  }
  if (!ctx.AllInputShapesKnown()) {
    // Equal shapes (including symbols) broadcast to themselves.
    if (ctx.input_shape(0) == ctx.input_shape(1)) return InferSameAsInput(ctx);
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(Dims out, Broadcast(ctx, ctx.input_dims(0), ctx.input_dims(1)));
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferConv(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(CheckPostOps(ctx, 3));
  MINT8_ASSIGN_OR_RETURN(DataType out_dtype, ComputeOutputDtype(ctx));
  if (ctx.input_dtype(0) == kF32) {
    MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {kF32}));
  } else {
    MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS8}));
  }
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out_dtype);
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0), w = ctx.input_dims(1);
  MINT8_ASSIGN_OR_RETURN(ConvGeometry g, ResolveConvGeometry(ctx.node(), x, w));
  if (ctx.has_input(2)) {
    const Dims b = ctx.input_dims(2);
    if (b.size() != 1 || b[0] != g.out_channels) {
      return ctx.Error(absl::StrCat("bias ", DimsToString(b), " does not match ",
                                    g.out_channels, " output channels"));
    }
  }
  const Dims y = {g.batch, g.out_channels, g.window.out_h, g.window.out_w};
  if (ctx.has_input(3) && ctx.input_dims(3) != y) {
    return ctx.Error(absl::StrCat("residual input ", DimsToString(ctx.input_dims(3)),
                                  " does not match the output ", DimsToString(y)));
  }
  ctx.SetOutput(0, out_dtype, Shape::Of(y));
  return absl::OkStatus();
}

absl::Status InferGemm(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(CheckPostOps(ctx, 3));
  MINT8_ASSIGN_OR_RETURN(DataType out_dtype, ComputeOutputDtype(ctx));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out_dtype);
    return absl::OkStatus();
  }
  const Dims a = ctx.input_dims(0), b = ctx.input_dims(1);
  if (a.size() != 2 || b.size() != 2) {
    return ctx.Error(absl::StrCat("A and B must be 2-D; got ", DimsToString(a), " and ",
                                  DimsToString(b)));
  }
  const bool ta = ctx.attributes().GetInt("transA", 0) != 0;
  const bool tb = ctx.attributes().GetInt("transB", 0) != 0;
  const int64_t m = ta ? a[1] : a[0], k = ta ? a[0] : a[1];
  const int64_t kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
  if (k != kb) {
    return ctx.Error(absl::StrCat("inner dimensions differ: A ", DimsToString(a), " B ",
                                  DimsToString(b), " (transA=", ta, ", transB=", tb, ")"));
  }
  const Dims y = {m, n};
  if (ctx.has_input(2)) {
    MINT8_ASSIGN_OR_RETURN(Dims c, Broadcast(ctx, ctx.input_dims(2), y));
    if (c != y) return ctx.Error("C does not broadcast to the output shape");
  }
  ctx.SetOutput(0, out_dtype, Shape::Of(y));
  return absl::OkStatus();
}

absl::Status InferMatMul(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(CheckPostOps(ctx, 2));
  MINT8_ASSIGN_OR_RETURN(DataType out_dtype, ComputeOutputDtype(ctx));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out_dtype);
    return absl::OkStatus();
  }
  Dims a = ctx.input_dims(0), b = ctx.input_dims(1);
  if (a.empty() || b.empty()) return ctx.Error("MatMul inputs must have rank >= 1");
  const bool a_vector = a.size() == 1, b_vector = b.size() == 1;
  if (a_vector) a.insert(a.begin(), 1);
  if (b_vector) b.push_back(1);
  if (a[a.size() - 1] != b[b.size() - 2]) {
    return ctx.Error(absl::StrCat("inner dimensions differ: ", DimsToString(ctx.input_dims(0)),
                                  " x ", DimsToString(ctx.input_dims(1))));
  }
  Dims batch_a(a.begin(), a.end() - 2), batch_b(b.begin(), b.end() - 2);
  MINT8_ASSIGN_OR_RETURN(Dims y, Broadcast(ctx, batch_a, batch_b));
  if (!a_vector) y.push_back(a[a.size() - 2]);
  if (!b_vector) y.push_back(b[b.size() - 1]);
  ctx.SetOutput(0, out_dtype, Shape::Of(y));
  return absl::OkStatus();
}

absl::Status InferPool(InferenceContext& ctx) {
  if (ctx.node().outputs.size() > 1 && !ctx.node().outputs[1].empty()) {
    return ctx.Error("the Indices output of MaxPool is not supported");
  }
  if (ctx.attributes().GetInt("storage_order", 0) != 0) {
    return ctx.Error("storage_order=1 is not supported");
  }
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kU8, DataType::kS8}));
  const DataType dtype = ctx.input_dtype(0);
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(dtype);
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(PoolGeometry g, ResolvePoolGeometry(ctx.node(), ctx.input_dims(0)));
  ctx.SetOutput(0, dtype, Shape::Of({g.batch, g.channels, g.window.out_h, g.window.out_w}));
  return absl::OkStatus();
}

absl::Status InferGlobalPool(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kU8, DataType::kS8}));
  const Shape& in = ctx.input_shape(0);
  if (!in.rank_known()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  if (in.rank() < 3) return ctx.Error("input must have rank >= 3 (N, C, spatial...)");
  std::vector<Dim> dims = {in.dim(0), in.dim(1)};
  for (int i = 2; i < in.rank(); ++i) dims.push_back(Dim::Known(1));
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::FromDims(dims));
  return absl::OkStatus();
}

absl::Status InferLrn(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (ctx.attributes().GetInt("size", 0) < 1) return ctx.Error("size must be >= 1");
  if (ctx.input_shape(0).rank_known() && ctx.input_shape(0).rank() != 4) {
    return ctx.Error("only 4-D inputs are supported");
  }
  return InferSameAsInput(ctx);
}

absl::Status InferBatchNorm(InferenceContext& ctx) {
  if (ctx.attributes().GetInt("training_mode", 0) != 0 || ctx.node().outputs.size() > 1) {
    return ctx.Error("training mode (running statistics outputs) is not supported");
  }
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (ctx.AllInputShapesKnown()) {
    const Dims x = ctx.input_dims(0);
    if (x.size() < 2) return ctx.Error("input must have rank >= 2");
    for (int i = 1; i <= 4; ++i) {
      const Dims p = ctx.input_dims(i);
      if (p.size() != 1 || p[0] != x[1]) {
        return ctx.Error(absl::StrCat("parameter ", i, " has shape ", DimsToString(p),
                                      "; expected [", x[1], "]"));
      }
    }
  }
  return InferSameAsInput(ctx);
}

absl::Status InferSoftmax(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (ctx.input_shape(0).rank_known()) {
    int64_t axis = ctx.attributes().GetInt("axis", -1);
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, ctx.input_shape(0).rank()));
  }
  return InferSameAsInput(ctx);
}

absl::Status InferConcat(InferenceContext& ctx) {
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    if (ctx.input_dtype(i) != ctx.input_dtype(0)) return ctx.Error("inputs differ in type");
  }
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  Dims out = ctx.input_dims(0);
  int64_t axis = ctx.attributes().GetInt("axis", 0);
  MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(out.size())));
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    const Dims d = ctx.input_dims(i);
    bool ok = d.size() == out.size();
    for (size_t j = 0; ok && j < d.size(); ++j) ok = j == static_cast<size_t>(axis) || d[j] == out[j];
    if (!ok) {
      return ctx.Error(absl::StrCat("input ", i, " ", DimsToString(d), " does not match ",
                                    DimsToString(ctx.input_dims(0)), " outside axis ", axis));
    }
    out[axis] += d[axis];
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferFlatten(InferenceContext& ctx) {
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  int64_t axis = ctx.attributes().GetInt("axis", 1);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (axis < -rank || axis > rank) return ctx.Error("axis out of range");
  if (axis < 0) axis += rank;
  const int64_t outer = NumElements(absl::MakeSpan(x).subspan(0, axis));
  const int64_t inner = NumElements(absl::MakeSpan(x).subspan(axis));
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of({outer, inner}));
  return absl::OkStatus();
}

absl::Status InferReshape(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS64}));
  std::optional<std::vector<int64_t>> target = ctx.ConstantInts(1);
  if (!target.has_value() || !ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  const bool allow_zero = ctx.attributes().GetInt("allowzero", 0) != 0;
  Dims out;
  int infer_at = -1;
  int64_t known = 1;
  for (size_t i = 0; i < target->size(); ++i) {
    int64_t d = (*target)[i];
    if (d == 0 && !allow_zero) {
      if (i >= x.size()) return ctx.Error("shape has 0 beyond the input rank");
      d = x[i];
    }
    if (d == -1) {
      if (infer_at >= 0) return ctx.Error("shape has more than one -1");
      infer_at = static_cast<int>(i);
      d = 1;
    } else if (d < 0) {
      return ctx.Error(absl::StrCat("invalid dimension ", d, " in shape"));
    }
    out.push_back(d);
    known *= d;
  }
  const int64_t total = NumElements(x);
  if (infer_at >= 0) {
    if (known == 0 || total % known != 0) {
      return ctx.Error(absl::StrCat("cannot reshape ", DimsToString(x), " to ",
                                    DimsToString(*target)));
    }
    out[infer_at] = total / known;
  } else if (known != total) {
    return ctx.Error(absl::StrCat("cannot reshape ", DimsToString(x), " (", total,
                                  " elements) to ", DimsToString(out)));
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferTranspose(InferenceContext& ctx) {
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  std::vector<int64_t> perm = ctx.attributes().GetInts("perm");
  if (perm.empty()) {
    for (int64_t i = static_cast<int64_t>(x.size()) - 1; i >= 0; --i) perm.push_back(i);
  }
  std::vector<int64_t> sorted = perm;
  std::sort(sorted.begin(), sorted.end());
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted.size() != x.size() || sorted[i] != static_cast<int64_t>(i)) {
      return ctx.Error(absl::StrCat("perm [", absl::StrJoin(perm, ","),
                                    "] is not a permutation of the input's ", x.size(), " axes"));
    }
  }
  Dims out;
  for (int64_t p : perm) out.push_back(x[p]);
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferSqueeze(InferenceContext& ctx) {
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  std::vector<int64_t> axes = ctx.attributes().GetInts("axes");
  std::vector<bool> drop(x.size(), false);
  if (axes.empty()) {
    for (size_t i = 0; i < x.size(); ++i) drop[i] = x[i] == 1;
  }
  for (int64_t axis : axes) {
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(x.size())));
    if (x[axis] != 1) return ctx.Error(absl::StrCat("cannot squeeze axis ", axis, " of size ", x[axis]));
    drop[axis] = true;
  }
  Dims out;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!drop[i]) out.push_back(x[i]);
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferUnsqueeze(InferenceContext& ctx) {
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  std::vector<int64_t> axes = ctx.attributes().GetInts("axes");
  if (axes.empty()) return ctx.Error("axes is required");
  const int64_t rank = static_cast<int64_t>(x.size() + axes.size());
  std::vector<bool> inserted(rank, false);
  for (int64_t axis : axes) {
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, rank));
    if (inserted[axis]) return ctx.Error("axes has duplicates");
    inserted[axis] = true;
  }
  Dims out;
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i) out.push_back(inserted[i] ? 1 : x[next++]);
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferPad(InferenceContext& ctx) {
  const std::string mode = ctx.attributes().GetString("mode", "constant");
  if (mode != "constant" && mode != "reflect" && mode != "edge") {
    return ctx.Error(absl::StrCat("unsupported mode '", mode, "'"));
  }
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS64}));
  std::optional<std::vector<int64_t>> pads = ctx.ConstantInts(1);
  if (!pads.has_value() || !ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  if (pads->size() != 2 * x.size()) {
    return ctx.Error(absl::StrCat("pads has ", pads->size(), " values; expected ", 2 * x.size()));
  }
  Dims out;
  for (size_t i = 0; i < x.size(); ++i) {
    const int64_t b = (*pads)[i], e = (*pads)[i + x.size()];
    if (b < 0 || e < 0) return ctx.Error("negative pads are not supported");
    if (mode == "reflect" && (b >= x[i] || e >= x[i])) {
      return ctx.Error("reflect pads must be smaller than the padded dimension");
    }
    if (mode == "edge" && x[i] == 0 && b + e > 0) return ctx.Error("edge pad of an empty axis");
    out.push_back(x[i] + b + e);
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

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
    return ctx.Error(absl::StrCat("coordinate_transformation_mode '", coord,
                                  "' is not supported"));
  }
  if (nearest != "round_prefer_floor" && nearest != "round_prefer_ceil" && nearest != "floor" &&
      nearest != "ceil") {
    return ctx.Error(absl::StrCat("nearest_mode '", nearest, "' is not supported"));
  }
  if (a.GetInt("exclude_outside", 0) != 0) return ctx.Error("exclude_outside is not supported");
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (!ctx.input_shape(0).IsFullyKnown()) {
    ctx.SetOutputsUnknown(kF32);
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  Dims out;
  if (ctx.has_input(3)) {
    std::optional<std::vector<int64_t>> sizes = ctx.ConstantInts(3);
    if (!sizes.has_value()) {
      ctx.SetOutputsUnknown(kF32);
      return absl::OkStatus();
    }
    if (sizes->size() != x.size()) return ctx.Error("sizes must have one value per input axis");
    out.assign(sizes->begin(), sizes->end());
  } else if (ctx.has_input(2)) {
    std::optional<std::vector<float>> scales = ctx.ConstantFloats(2);
    if (!scales.has_value()) {
      ctx.SetOutputsUnknown(kF32);
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
  ctx.SetOutput(0, kF32, Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferReduceMean(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(kF32);
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  std::vector<int64_t> axes = ctx.attributes().GetInts("axes");
  const bool keep = ctx.attributes().GetInt("keepdims", 1) != 0;
  std::vector<bool> reduce(x.size(), axes.empty());
  for (int64_t axis : axes) {
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(x.size())));
    reduce[axis] = true;
  }
  Dims out;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!reduce[i]) out.push_back(x[i]);
    else if (keep) out.push_back(1);
  }
  ctx.SetOutput(0, kF32, Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferShape(InferenceContext& ctx) {
  const Shape& in = ctx.input_shape(0);
  if (!in.rank_known()) {
    ctx.SetOutputsUnknown(DataType::kS64);
    return absl::OkStatus();
  }
  const int64_t rank = in.rank();
  auto clamp = [rank](int64_t v) { return std::clamp<int64_t>(v < 0 ? v + rank : v, 0, rank); };
  const int64_t start = clamp(ctx.attributes().GetInt("start", 0));
  const int64_t end = clamp(ctx.attributes().GetInt("end", rank));
  ctx.SetOutput(0, DataType::kS64, Shape::Of({std::max<int64_t>(end - start, 0)}));
  return absl::OkStatus();
}

absl::Status InferGather(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS32, DataType::kS64}));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims data = ctx.input_dims(0), indices = ctx.input_dims(1);
  int64_t axis = ctx.attributes().GetInt("axis", 0);
  MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(data.size())));
  Dims out(data.begin(), data.begin() + axis);
  out.insert(out.end(), indices.begin(), indices.end());
  out.insert(out.end(), data.begin() + axis + 1, data.end());
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferSlice(InferenceContext& ctx) {
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    if (ctx.has_input(i)) MINT8_RETURN_IF_ERROR(RequireDtype(ctx, i, {DataType::kS32, DataType::kS64}));
  }
  std::optional<std::vector<int64_t>> starts = ctx.ConstantInts(1), ends = ctx.ConstantInts(2);
  std::optional<std::vector<int64_t>> axes, steps;
  if (ctx.has_input(3)) axes = ctx.ConstantInts(3);
  if (ctx.has_input(4)) steps = ctx.ConstantInts(4);
  if (!starts || !ends || (ctx.has_input(3) && !axes) || (ctx.has_input(4) && !steps) ||
      !ctx.input_shape(0).IsFullyKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  const int64_t rank = static_cast<int64_t>(x.size());
  if (starts->size() != ends->size()) return ctx.Error("starts and ends differ in length");
  if (!axes) {
    axes.emplace(starts->size());
    std::iota(axes->begin(), axes->end(), 0);
  }
  if (!steps) steps.emplace(starts->size(), 1);
  if (axes->size() != starts->size() || steps->size() != starts->size()) {
    return ctx.Error("axes/steps differ in length from starts");
  }
  Dims out = x;
  for (size_t i = 0; i < axes->size(); ++i) {
    int64_t axis = (*axes)[i];
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, rank));
    const int64_t dim = x[axis], step = (*steps)[i];
    if (step == 0) return ctx.Error("steps must not be 0");
    int64_t start = (*starts)[i], end = (*ends)[i];
    if (start < 0) start += dim;
    if (end < 0) end += dim;
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
      out[axis] = end > start ? (end - start + step - 1) / step : 0;
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
      out[axis] = start > end ? (start - end - step - 1) / -step : 0;
    }
  }
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::StatusOr<DataType> ParseDtypeAttribute(const InferenceContext& ctx, absl::string_view attr,
                                             absl::string_view default_value) {
  const std::string name = ctx.attributes().GetString(attr, default_value);
  const DataType type = DataTypeFromName(name);
  if (type != DataType::kUnknown) return type;
  return ctx.Error(absl::StrCat("unsupported data type '", name, "' in ", attr));
}

absl::Status InferCast(InferenceContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(DataType to, ParseDtypeAttribute(ctx, "to", ""));
  ctx.SetOutput(0, to, ctx.input_shape(0));
  return absl::OkStatus();
}

absl::Status InferConstantOfShape(InferenceContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(DataType dtype, ParseDtypeAttribute(ctx, "dtype", "f32"));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {DataType::kS64}));
  std::optional<std::vector<int64_t>> dims = ctx.ConstantInts(0);
  if (!dims.has_value()) {
    ctx.SetOutputsUnknown(dtype);
    return absl::OkStatus();
  }
  for (int64_t d : *dims) {
    if (d < 0) return ctx.Error("negative dimension");
  }
  ctx.SetOutput(0, dtype, Shape::Of(*dims));
  return absl::OkStatus();
}

// Quantization parameters: scalar or 1-D along `axis`; zero point matching.
absl::Status CheckQuantParams(InferenceContext& ctx, int scale_input, int zero_point_input) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, scale_input, {kF32}));
  if (!ctx.AllInputShapesKnown()) return absl::OkStatus();
  const Dims s = ctx.input_dims(scale_input);
  if (s.size() > 1) return ctx.Error("scale must be a scalar or 1-D");
  if (s.size() == 1 && s[0] != 1) {
    const Dims x = ctx.input_dims(0);
    int64_t axis = ctx.attributes().GetInt("axis", 1);
    MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(x.size())));
    if (x[axis] != s[0]) {
      return ctx.Error(absl::StrCat(s[0], " scales for axis ", axis, " of size ", x[axis]));
    }
  }
  if (ctx.has_input(zero_point_input) && ctx.input_dims(zero_point_input) != s) {
    return ctx.Error("zero point and scale differ in shape");
  }
  return absl::OkStatus();
}

absl::Status InferQuantizeLinear(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  MINT8_RETURN_IF_ERROR(CheckQuantParams(ctx, 1, 2));
  DataType out = DataType::kU8;
  if (ctx.has_input(2)) {
    MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 2, {DataType::kU8, DataType::kS8}));
    out = ctx.input_dtype(2);
  }
  ctx.SetOutput(0, out, ctx.input_shape(0));
  return absl::OkStatus();
}

absl::Status InferDequantizeLinear(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {DataType::kU8, DataType::kS8, DataType::kS32}));
  MINT8_RETURN_IF_ERROR(CheckQuantParams(ctx, 1, 2));
  if (ctx.has_input(2) && ctx.input_dtype(2) != ctx.input_dtype(0)) {
    return ctx.Error("zero point type differs from the input type");
  }
  ctx.SetOutput(0, kF32, ctx.input_shape(0));
  return absl::OkStatus();
}

absl::Status InferRequantize(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {DataType::kU8, DataType::kS8, DataType::kS32}));
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 4, {DataType::kU8, DataType::kS8}));
  ctx.SetOutput(0, ctx.input_dtype(4), ctx.input_shape(0));
  return absl::OkStatus();
}

// Traits (op_traits.h) of the operators that have any.

bool AlwaysNonNegative(const Node&) { return true; }
bool ClipNonNegative(const Node& node) { return node.attributes.GetFloat("min", -INFINITY) >= 0.f; }

// A compute op is non-negative when its last post-op is.
bool PostOpsNonNegative(const Node& node) {
  std::vector<PostOp> post_ops;
  if (!ParsePostOps(node, post_ops).ok() || post_ops.empty()) return false;
  const PostOp& p = post_ops.back();
  switch (p.kind) {
    case PostOpKind::kRelu:
    case PostOpKind::kSigmoid:
    case PostOpKind::kHardSigmoid: return true;
    case PostOpKind::kClip: return p.alpha >= 0.f;
    case PostOpKind::kFakeQuantU8: return p.beta == 0.f;
    default: return false;
  }
}

template <PostOpKind kKind>
std::optional<PostOp> Activation(const Attributes&) {
  return PostOp{kKind};
}
std::optional<PostOp> ClipActivation(const Attributes& a) {
  return PostOp{PostOpKind::kClip, a.GetFloat("min", -INFINITY), a.GetFloat("max", INFINITY)};
}
std::optional<PostOp> LeakyReluActivation(const Attributes& a) {
  return PostOp{PostOpKind::kLeakyRelu, a.GetFloat("alpha", 0.01f)};
}
std::optional<PostOp> HardSigmoidActivation(const Attributes& a) {
  return PostOp{PostOpKind::kHardSigmoid, a.GetFloat("alpha", 0.2f), a.GetFloat("beta", 0.5f)};
}

int ConvWeightOutputAxis(const Node&) { return 0; }  // [M, C/group, kH, kW]
int GemmWeightOutputAxis(const Node& node) { return node.attributes.GetInt("transB", 0) != 0 ? 0 : 1; }

int64_t ConvMacs(const Node&, const std::vector<int64_t>& w) {
  int64_t per_output = 1;  // (C/group) x kernel
  for (size_t i = 1; i < w.size(); ++i) per_output *= w[i];
  return per_output;
}
int64_t GemmMacs(const Node& node, const std::vector<int64_t>& w) {
  return w.size() == 2 ? w[GemmWeightOutputAxis(node) == 0 ? 1 : 0] : 0;
}
int64_t MatMulMacs(const Node&, const std::vector<int64_t>& w) {
  return w.size() >= 2 ? w[w.size() - 2] : (w.empty() ? 0 : w[0]);
}

// oneDNN's INT8 inner product computes x * W + b, one bias per output.
std::string GemmInt8Blocker(const Graph& graph, const Node& node) {
  const Attributes& a = node.attributes;
  if (a.GetInt("transA", 0) != 0 || a.GetFloat("alpha", 1.f) != 1.f) return "transA or alpha";
  if (node.has_input(2) && a.GetFloat("beta", 1.f) != 1.f) return "beta != 1";
  if (SumInputIndex(node) >= 0) return "residual sum on a Gemm";
  if (node.has_input(2)) {
    const int64_t n = graph.FindTensor(node.outputs[0])->shape.dim(1).size;
    if (graph.FindConstant(node.inputs[2])->shape.NumElements() != n) return "bias is not one row";
  }
  return "";
}

OpTraits ActivationTraits(std::optional<PostOp> (*activation)(const Attributes&),
                          bool (*non_negative)(const Node&) = nullptr) {
  OpTraits t;
  t.activation = activation;
  t.non_negative_output = non_negative;
  return t;
}

OpTraits ComputeTraits(QuantizationRole role, int (*axis)(const Node&),
                       int64_t (*macs)(const Node&, const std::vector<int64_t>&),
                       std::string (*blocker)(const Graph&, const Node&) = nullptr) {
  OpTraits t;
  t.quantization = role;
  t.takes_post_ops = true;
  t.non_negative_output = PostOpsNonNegative;
  t.weight_output_axis = axis;
  t.macs_per_output = macs;
  t.int8_blocker = blocker;
  return t;
}

// Pooling and reshapes run INT8 on their input's scale; `view`: no
// computation at all.
OpTraits ScalePreservingTraits(bool view) {
  OpTraits t;
  t.quantization = QuantizationRole::kScalePreserving;
  t.range_keeping = true;
  t.is_view = view;
  return t;
}

OpTraits AveragePoolTraits() {
  OpTraits t = ScalePreservingTraits(false);
  t.range_includes_zero = true;  // padding zeros count with count_include_pad
  return t;
}

OpTraits IdentityTraits() {
  OpTraits t;
  t.range_keeping = true;
  t.is_view = true;
  t.is_identity = true;
  return t;
}

OpTraits RoleTraits(QuantizationRole role, bool range_keeping = false) {
  OpTraits t;
  t.quantization = role;
  t.range_keeping = range_keeping;
  return t;
}

OpSchema With(OpSchema schema, OpTraits traits) {
  schema.traits = traits;
  return schema;
}

OpSchema Op(std::string op_type, int min_in, int max_in, std::vector<AttributeSpec> attrs,
            std::function<absl::Status(InferenceContext&)> infer, int max_out = 1) {
  OpSchema s;
  s.op_type = std::move(op_type);
  s.min_inputs = min_in;
  s.max_inputs = max_in;
  s.max_outputs = max_out;
  s.attributes = std::move(attrs);
  s.infer = std::move(infer);
  return s;
}

std::map<std::string, OpSchema, std::less<>> BuildRegistry() {
  const std::vector<AttributeSpec> window = {{"auto_pad", K::kString},   {"dilations", K::kInts},
                                             {"kernel_shape", K::kInts}, {"pads", K::kInts},
                                             {"strides", K::kInts},      {"ceil_mode", K::kInt}};
  std::vector<OpSchema> ops = {
      With(Op("Relu", 1, 1, {}, InferFloatUnary), ActivationTraits(Activation<PostOpKind::kRelu>, AlwaysNonNegative)),
      With(Op("Sigmoid", 1, 1, {}, InferFloatUnary),
           ActivationTraits(Activation<PostOpKind::kSigmoid>, AlwaysNonNegative)),
      With(Op("Tanh", 1, 1, {}, InferFloatUnary), ActivationTraits(Activation<PostOpKind::kTanh>)),
      With(Op("HardSwish", 1, 1, {}, InferFloatUnary), ActivationTraits(Activation<PostOpKind::kHardSwish>)),
      With(Op("LeakyRelu", 1, 1, {{"alpha", K::kFloat}}, InferFloatUnary), ActivationTraits(LeakyReluActivation)),
      With(Op("HardSigmoid", 1, 1, {{"alpha", K::kFloat}, {"beta", K::kFloat}}, InferFloatUnary),
           ActivationTraits(HardSigmoidActivation, AlwaysNonNegative)),
      With(Op("Clip", 1, 1, {{"min", K::kFloat}, {"max", K::kFloat}}, InferClip),
           ActivationTraits(ClipActivation, ClipNonNegative)),
      With(Op("Identity", 1, 1, {}, InferSameAsInput), IdentityTraits()),
      With(Op("Dropout", 1, 3, {{"ratio", K::kFloat}, {"seed", K::kInt}}, InferDropout, 2), IdentityTraits()),
      Op("Add", 2, 2, {}, InferBinary),
      Op("Sub", 2, 2, {}, InferBinary),
      Op("Mul", 2, 2, {}, InferBinary),
      Op("Div", 2, 2, {}, InferBinary),
      With(Op("Conv", 2, 4, Concat({{"auto_pad", K::kString}, {"dilations", K::kInts},
                               {"group", K::kInt}, {"kernel_shape", K::kInts},
                               {"pads", K::kInts}, {"strides", K::kInts}},
                              PostOpAttributes()),
         InferConv),
      ComputeTraits(QuantizationRole::kCompute, ConvWeightOutputAxis, ConvMacs)),
      With(Op("Gemm", 2, 4, Concat({{"alpha", K::kFloat}, {"beta", K::kFloat}, {"transA", K::kInt},
                               {"transB", K::kInt}},
                              PostOpAttributes()),
         InferGemm),
      ComputeTraits(QuantizationRole::kCompute, GemmWeightOutputAxis, GemmMacs, GemmInt8Blocker)),
      With(Op("MatMul", 2, 3, PostOpAttributes(), InferMatMul),
           ComputeTraits(QuantizationRole::kNone, nullptr, MatMulMacs)),
      With(Op("MaxPool", 1, 1, Concat(window, {{"storage_order", K::kInt}}), InferPool, 2),
           ScalePreservingTraits(false)),
      With(Op("AveragePool", 1, 1, Concat(window, {{"count_include_pad", K::kInt}}), InferPool),
           AveragePoolTraits()),
      With(Op("GlobalAveragePool", 1, 1, {}, InferGlobalPool), ScalePreservingTraits(false)),
      With(Op("GlobalMaxPool", 1, 1, {}, InferGlobalPool), ScalePreservingTraits(false)),
      Op("LRN", 1, 1,
         {{"alpha", K::kFloat}, {"beta", K::kFloat}, {"bias", K::kFloat}, {"size", K::kInt}},
         InferLrn),
      Op("BatchNormalization", 5, 5,
         {{"epsilon", K::kFloat}, {"momentum", K::kFloat}, {"training_mode", K::kInt}},
         InferBatchNorm),
      With(Op("Softmax", 1, 1, {{"axis", K::kInt}, {"coerce_2d", K::kInt}}, InferSoftmax),
           ActivationTraits(nullptr, AlwaysNonNegative)),
      With(Op("Concat", 1, 1 << 20, {{"axis", K::kInt}}, InferConcat),
           RoleTraits(QuantizationRole::kScaleUnifying, /*range_keeping=*/true)),
      With(Op("Flatten", 1, 1, {{"axis", K::kInt}}, InferFlatten), ScalePreservingTraits(true)),
      With(Op("Reshape", 2, 2, {{"allowzero", K::kInt}}, InferReshape), ScalePreservingTraits(true)),
      With(Op("Transpose", 1, 1, {{"perm", K::kInts}}, InferTranspose),
           RoleTraits(QuantizationRole::kNone, /*range_keeping=*/true)),
      With(Op("Squeeze", 1, 1, {{"axes", K::kInts}}, InferSqueeze), ScalePreservingTraits(true)),
      With(Op("Unsqueeze", 1, 1, {{"axes", K::kInts}}, InferUnsqueeze), ScalePreservingTraits(true)),
      Op("Pad", 2, 3, {{"mode", K::kString}}, InferPad),
      Op("Resize", 1, 4,
         {{"coordinate_transformation_mode", K::kString},
          {"cubic_coeff_a", K::kFloat},
          {"exclude_outside", K::kInt},
          {"extrapolation_value", K::kFloat},
          {"mode", K::kString},
          {"nearest_mode", K::kString}},
         InferResize),
      Op("ReduceMean", 1, 1, {{"axes", K::kInts}, {"keepdims", K::kInt}}, InferReduceMean),
      Op("Shape", 1, 1, {{"start", K::kInt}, {"end", K::kInt}}, InferShape),
      Op("Gather", 2, 2, {{"axis", K::kInt}}, InferGather),
      Op("Slice", 3, 5, {}, InferSlice),
      Op("Cast", 1, 1, {{"to", K::kString}}, InferCast),
      Op("ConstantOfShape", 1, 1, {{"value", K::kFloat}, {"dtype", K::kString}},
         InferConstantOfShape),
      With(Op("QuantizeLinear", 2, 3, {{"axis", K::kInt}}, InferQuantizeLinear),
           RoleTraits(QuantizationRole::kQuantize)),
      With(Op("DequantizeLinear", 2, 3, {{"axis", K::kInt}}, InferDequantizeLinear),
           RoleTraits(QuantizationRole::kDequantize)),
      With(Op("Requantize", 5, 5, {{"axis", K::kInt}}, InferRequantize), RoleTraits(QuantizationRole::kRequantize)),
  };
  std::map<std::string, OpSchema, std::less<>> registry;
  for (OpSchema& op : ops) registry.emplace(op.op_type, std::move(op));
  return registry;
}

const std::map<std::string, OpSchema, std::less<>>& Registry() {
  static const auto* const registry =
      new std::map<std::string, OpSchema, std::less<>>(BuildRegistry());
  return *registry;
}

}  // namespace

const OpSchema* FindOpSchema(absl::string_view op_type) {
  auto it = Registry().find(op_type);
  return it == Registry().end() ? nullptr : &it->second;
}

const OpTraits& TraitsOf(absl::string_view op_type) {
  static const OpTraits kUnknown;
  const OpSchema* schema = FindOpSchema(op_type);
  return schema != nullptr ? schema->traits : kUnknown;
}

std::vector<std::string> SupportedOps() {
  std::vector<std::string> names;
  for (const auto& [name, schema] : Registry()) names.push_back(name);
  return names;
}

}  // namespace mint8::ir
