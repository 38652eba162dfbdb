#include "ir/ops/support.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/op_geometry.h"
#include "ir/status_macros.h"

namespace mint8::ir::ops {

std::vector<AttributeSpec> PostOpAttributes() {
  return {{"post_ops", K::kStrings}, {"post_op_alpha", K::kFloats}, {"post_op_beta", K::kFloats}};
}

std::vector<AttributeSpec> JoinAttributes(std::vector<AttributeSpec> a, std::vector<AttributeSpec> b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<AttributeSpec> ConvAttributes() {
  return JoinAttributes({{"auto_pad", K::kString},
                         {"dilations", K::kInts},
                         {"group", K::kInt},
                         {"kernel_shape", K::kInts},
                         {"pads", K::kInts},
                         {"strides", K::kInts}},
                        PostOpAttributes());
}

// Normalizes a possibly negative axis into [0, rank).
absl::Status NormalizeAxis(const InferenceContext& ctx, int64_t& axis, int64_t rank) {
  if (axis < -rank || axis >= rank) {
    return ctx.Error(absl::StrCat("axis ", axis, " is out of range for rank ", rank));
  }
  if (axis < 0) axis += rank;
  return absl::OkStatus();
}

absl::Status RequireDtype(const InferenceContext& ctx, int input, std::initializer_list<DataType> allowed) {
  const DataType dt = ctx.input_dtype(input);
  for (DataType a : allowed) {
    if (dt == a) return absl::OkStatus();
  }
  std::vector<std::string> names;
  for (DataType a : allowed) names.push_back(std::string(DataTypeName(a)));
  return ctx.Error(absl::StrCat("input ", input, " ('", ctx.node().inputs[input], "') is ", DataTypeName(dt),
                                "; expected ", absl::StrJoin(names, " or ")));
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
      return ctx.Error(
          absl::StrCat("shapes ", DimsToString(a), " and ", DimsToString(b), " do not broadcast"));
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

absl::Status InferSameAsInput(InferenceContext& ctx) {
  ctx.SetOutput(0, ctx.input_dtype(0), ctx.input_shape(0));
  return absl::OkStatus();
}

absl::Status InferJoined(InferenceContext& ctx, int64_t axis,
                         absl::Status (*check)(InferenceContext&, const Dims&)) {
  for (int i = 1; i < ctx.num_inputs(); ++i) {
    if (ctx.input_dtype(i) != ctx.input_dtype(0)) return ctx.Error("inputs differ in type");
  }
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  Dims out = ctx.input_dims(0);
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
  if (check != nullptr) MINT8_RETURN_IF_ERROR(check(ctx, out));
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of(out));
  return absl::OkStatus();
}

absl::Status InferFloatUnary(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32}));
  return InferSameAsInput(ctx);
}

absl::Status InferBroadcastBinary(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kS32, DataType::kS64}));
  if (ctx.input_dtype(1) != ctx.input_dtype(0)) {
    return ctx.Error(absl::StrCat("inputs have different types (", DataTypeName(ctx.input_dtype(0)), ", ",
                                  DataTypeName(ctx.input_dtype(1)), ")"));
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

absl::Status InferQuantizableBinary(InferenceContext& ctx) {
  if (!IsInt8(ctx.input_dtype(0)) && !IsInt8(ctx.input_dtype(1))) return InferBroadcastBinary(ctx);
  for (int i : {0, 1}) MINT8_RETURN_IF_ERROR(RequireDtype(ctx, i, {kF32, DataType::kU8, DataType::kS8}));
  const DataType recorded = ctx.existing_output_dtype(0);
  const DataType out = IsInt8(recorded) ? recorded : kF32;
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out);
    return absl::OkStatus();
  }
  MINT8_ASSIGN_OR_RETURN(Dims dims, Broadcast(ctx, ctx.input_dims(0), ctx.input_dims(1)));
  ctx.SetOutput(0, out, Shape::Of(dims));
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

absl::StatusOr<std::vector<int64_t>> SplitSizes(int64_t dim, int outputs,
                                                const std::optional<std::vector<int64_t>>& sizes) {
  if (sizes) {
    int64_t total = 0;
    for (int64_t s : *sizes) {
      if (s < 0) return absl::InvalidArgumentError("split sizes must not be negative");
      total += s;
    }
    if (static_cast<int>(sizes->size()) != outputs || total != dim) {
      return absl::InvalidArgumentError(absl::StrCat("split sizes ", absl::StrJoin(*sizes, ","),
                                                     " do not divide ", dim, " elements into ", outputs,
                                                     " outputs"));
    }
    return *sizes;
  }
  const int64_t part = (dim + outputs - 1) / outputs;
  if (part * (outputs - 1) >= dim) {
    return absl::InvalidArgumentError(absl::StrCat(dim, " elements do not split into ", outputs, " parts"));
  }
  std::vector<int64_t> parts(outputs, part);
  parts.back() = dim - part * (outputs - 1);
  return parts;
}

bool AddSpatialPads(Node& node, const std::vector<int64_t>& pads) {
  const std::string auto_pad = node.attributes.GetString("auto_pad", "NOTSET");
  if (auto_pad != "NOTSET" && auto_pad != "VALID") return false;
  std::vector<int64_t> own = node.attributes.GetInts("pads", {0, 0, 0, 0});
  if (auto_pad == "VALID" || own.size() != pads.size()) own.assign(pads.size(), 0);
  for (size_t i = 0; i < own.size(); ++i) own[i] += pads[i];
  node.attributes.Erase("auto_pad");
  node.attributes.Set("pads", own);
  return true;
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

absl::StatusOr<DataType> ParseDtypeAttribute(const InferenceContext& ctx, absl::string_view attr,
                                             absl::string_view default_value) {
  const std::string name = ctx.attributes().GetString(attr, default_value);
  const DataType type = DataTypeFromName(name);
  if (type != DataType::kUnknown) return type;
  return ctx.Error(absl::StrCat("unsupported data type '", name, "' in ", attr));
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

absl::StatusOr<DataType> QuantizedOutputType(InferenceContext& ctx, int zero_point_input) {
  if (!ctx.has_input(zero_point_input)) return DataType::kU8;
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, zero_point_input, {DataType::kU8, DataType::kS8}));
  return ctx.input_dtype(zero_point_input);
}

bool AlwaysNonNegative(const Node&) { return true; }

// A compute op is non-negative when its last post-op is.
bool PostOpsNonNegative(const Node& node) {
  std::vector<PostOp> post_ops;
  if (!ParsePostOps(node, post_ops).ok() || post_ops.empty()) return false;
  const PostOp& p = post_ops.back();
  switch (p.kind) {
    case PostOpKind::kRelu:
    case PostOpKind::kSigmoid:
    case PostOpKind::kHardSigmoid:
      return true;
    case PostOpKind::kClip:
      return p.alpha >= 0.f;
    case PostOpKind::kFakeQuantU8:
      return p.beta == 0.f;
    default:
      return false;
  }
}

OpTraits ActivationTraits(std::optional<PostOp> (*activation)(const Attributes&),
                          bool (*non_negative)(const Node&)) {
  OpTraits t;
  t.activation = activation;
  t.non_negative_output = non_negative;
  return t;
}

OpTraits MathTraits(MathFunction function, bool (*non_negative)(const Node&)) {
  OpTraits t;
  t.math = function;
  t.non_negative_output = non_negative;
  return t;
}

OpTraits ComputeTraits(QuantizationRole role, int (*axis)(const Node&),
                       int64_t (*macs)(const Node&, const std::vector<int64_t>&),
                       std::string (*blocker)(const Graph&, const Node&)) {
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

OpTraits IdentityTraits() {
  OpTraits t;
  t.range_keeping = true;
  t.is_view = true;
  t.is_identity = true;
  return t;
}

OpTraits RoleTraits(QuantizationRole role, bool range_keeping) {
  OpTraits t;
  t.quantization = role;
  t.range_keeping = range_keeping;
  return t;
}

OpSchema Op(std::string op_type, int min_in, int max_in, std::vector<AttributeSpec> attrs,
            std::function<absl::Status(InferenceContext&)> infer, int max_out) {
  OpSchema s;
  s.op_type = std::move(op_type);
  s.min_inputs = min_in;
  s.max_inputs = max_in;
  s.max_outputs = max_out;
  s.attributes = std::move(attrs);
  s.infer = std::move(infer);
  return s;
}

OpSchema NotInOnnx(OpSchema schema) {
  schema.in_onnx = false;
  return schema;
}

OpSchema With(OpSchema schema, OpTraits traits) {
  schema.traits = traits;
  return schema;
}

std::vector<AttributeSpec> WindowAttributes() {
  return {{"auto_pad", K::kString}, {"dilations", K::kInts}, {"kernel_shape", K::kInts},
          {"pads", K::kInts},       {"strides", K::kInts},   {"ceil_mode", K::kInt}};
}

OpSchema WithOnnxForm(OpSchema schema, decltype(OpSchema::from_onnx) from_onnx,
                      decltype(OpSchema::to_onnx) to_onnx) {
  schema.from_onnx = from_onnx;
  schema.to_onnx = to_onnx;
  return schema;
}

absl::Status IntsInputToAttribute(OnnxImportContext& ctx, Node& node, int input, const char* name) {
  if (static_cast<int>(node.inputs.size()) <= input) return absl::OkStatus();
  if (node.has_input(input)) {
    MINT8_ASSIGN_OR_RETURN(std::vector<int64_t> values, ctx.ConstantInts(node, input));
    node.attributes.Set(name, values);
  }
  node.inputs.resize(1);
  return absl::OkStatus();
}

absl::Status AxesInputFromOnnx(OnnxImportContext& ctx, Node& node) {
  return IntsInputToAttribute(ctx, node, 1, "axes");
}

absl::Status AxesInputToOnnx(OnnxExportContext& ctx, const Node& node, Attributes& attributes,
                             std::vector<std::string>& extra_inputs) {
  IntsAttributeToInput(ctx, node, attributes, "axes", extra_inputs);
  return absl::OkStatus();
}

OpTraits ArithmeticTraits(BinaryArithmetic arithmetic) {
  OpTraits traits;
  traits.arithmetic = arithmetic;
  return traits;
}

void IntsAttributeToInput(OnnxExportContext& ctx, const Node& node, Attributes& attributes, const char* name,
                          std::vector<std::string>& extra_inputs) {
  if (!attributes.Has(name)) return;
  extra_inputs.push_back(ctx.AddInts(node, name, attributes.GetInts(name)));
  attributes.Erase(name);
}

}  // namespace mint8::ir::ops
