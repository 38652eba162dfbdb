// Translators of Paddle's float operators into mint8 operators (ONNX names
// and semantics, mint8's internal forms: Clip bounds and Squeeze/Unsqueeze
// axes as attributes, Slice/Reshape/Pad/Split/Resize operands as inputs).
#include <numeric>

#include "absl/strings/str_cat.h"
#include "ir/paddle/op_translation.h"
#include "ir/status_macros.h"

namespace mint8::ir::paddle {
namespace {

using Ints = std::vector<int64_t>;

// Paddle's 2-element paddings are symmetric, 4-element ones are
// [top, bottom, left, right]; ONNX's pads are [top, left, bottom, right].
absl::StatusOr<Ints> OnnxPads(TranslationContext& ctx, const Ints& paddings) {
  if (paddings.empty()) return Ints{0, 0, 0, 0};
  if (paddings.size() == 2) return Ints{paddings[0], paddings[1], paddings[0], paddings[1]};
  if (paddings.size() == 4) return Ints{paddings[0], paddings[2], paddings[1], paddings[3]};
  return ctx.Error(absl::StrCat("paddings must have 2 or 4 values, not ", paddings.size()));
}

// Sets auto_pad/pads from padding_algorithm and paddings.
absl::Status SetWindowPadding(TranslationContext& ctx, Attributes& attrs) {
  const std::string algorithm = ctx.String("padding_algorithm", "EXPLICIT");
  if (algorithm == "SAME") {
    attrs.Set("auto_pad", std::string("SAME_UPPER"));
    return absl::OkStatus();
  }
  if (algorithm == "VALID") {
    attrs.Set("pads", Ints{0, 0, 0, 0});
    return absl::OkStatus();
  }
  if (algorithm != "EXPLICIT") return ctx.Unsupported(absl::StrCat("padding_algorithm '", algorithm, "'"));
  MINT8_ASSIGN_OR_RETURN(Ints pads, OnnxPads(ctx, ctx.Ints("paddings")));
  attrs.Set("pads", pads);
  return absl::OkStatus();
}

absl::Status RequireNchw(TranslationContext& ctx, absl::string_view attr) {
  const std::string layout = ctx.String(attr, "NCHW");
  if (layout != "NCHW" && layout != "AnyLayout") {
    return ctx.Unsupported(absl::StrCat(attr, " '", layout, "' (only NCHW is)"));
  }
  return absl::OkStatus();
}

// feed and fetch name the graph's inputs and outputs, which the importer
// reads before translating; they add no node.
absl::Status InputOrOutput(TranslationContext&) { return absl::OkStatus(); }

absl::Status Conv(TranslationContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("Input"));
  MINT8_ASSIGN_OR_RETURN(std::string w, ctx.Input("Filter"));
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Output("Output"));
  Attributes attrs;
  attrs.Set("strides", ctx.Ints("strides"));
  attrs.Set("dilations", ctx.Ints("dilations"));
  attrs.Set("group", ctx.Int("groups", 1));
  MINT8_RETURN_IF_ERROR(SetWindowPadding(ctx, attrs));
  std::vector<std::string> inputs = {x, w};
  if (auto bias = ctx.OptionalInput("Bias")) inputs.push_back(*bias);
  if (ctx.OptionalInput("ResidualData")) return ctx.Unsupported("a fused residual input");
  ctx.Emit("Conv", inputs, {y}, attrs);
  return absl::OkStatus();
}

absl::Status ConvTranspose(TranslationContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("Input"));
  MINT8_ASSIGN_OR_RETURN(std::string w, ctx.Input("Filter"));
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Output("Output"));
  if (!ctx.Ints("output_size").empty() || ctx.OptionalInput("OutputSize")) {
    return ctx.Unsupported("output_size (give output_padding instead)");
  }
  Attributes attrs;
  attrs.Set("strides", ctx.Ints("strides"));
  attrs.Set("dilations", ctx.Ints("dilations"));
  attrs.Set("group", ctx.Int("groups", 1));
  if (const Ints op = ctx.Ints("output_padding"); !op.empty()) attrs.Set("output_padding", op);
  MINT8_RETURN_IF_ERROR(SetWindowPadding(ctx, attrs));
  std::vector<std::string> inputs = {x, w};
  if (auto bias = ctx.OptionalInput("Bias")) inputs.push_back(*bias);
  ctx.Emit("ConvTranspose", inputs, {y}, attrs);
  return absl::OkStatus();
}

absl::Status BatchNorm(TranslationContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireNchw(ctx, "data_layout"));
  std::vector<std::string> inputs;
  for (const char* param : {"X", "Scale", "Bias", "Mean", "Variance"}) {
    MINT8_ASSIGN_OR_RETURN(std::string in, ctx.Input(param));
    inputs.push_back(in);
  }
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Output("Y"));
  Attributes attrs;
  attrs.Set("epsilon", ctx.Float("epsilon", 1e-5f));
  ctx.Emit("BatchNormalization", inputs, {y}, attrs);
  return absl::OkStatus();
}

// Paddle's elementwise broadcasting: the smaller operand's dims (trailing 1s
// trimmed) line up with the larger one's from `axis` (-1: the last ones).
// Returns the smaller operand reshaped so that numpy broadcasting agrees.
absl::StatusOr<std::string> AlignForBroadcast(TranslationContext& ctx, const std::string& small,
                                              int64_t small_rank, int64_t large_rank, int64_t axis) {
  if (axis == -1 || small_rank >= large_rank) return small;
  Ints dims;
  if (const TensorInfo* c = ctx.Constant(small)) {
    const Dims sizes = c->shape.Sizes();
    dims.assign(sizes.begin(), sizes.end());
  } else if (auto declared = ctx.DeclaredDims(small)) {
    dims = *declared;
  }
  while (!dims.empty() && dims.back() == 1 && static_cast<int64_t>(dims.size()) + axis > large_rank) {
    dims.pop_back();
  }
  const int64_t trailing = large_rank - axis - static_cast<int64_t>(dims.size());
  if (axis < 0 || trailing < 0) {
    return ctx.Error(
        absl::StrCat("axis ", axis, " does not fit a rank-", small_rank, " operand into rank ", large_rank));
  }
  if (trailing == 0 && static_cast<int64_t>(dims.size()) == small_rank) return small;
  if (ctx.Constant(small) != nullptr) {
    Ints aligned = dims;
    aligned.insert(aligned.end(), trailing, 1);
    return ctx.ReshapedConstant(small, aligned);
  }
  Ints axes;
  for (int64_t i = 0; i < trailing; ++i) axes.push_back(small_rank + i);
  Attributes attrs;
  attrs.Set("axes", axes);
  return ctx.EmitTemp("Unsqueeze", {small}, attrs);
}

template <const char* kOp>
absl::Status Elementwise(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Input("Y"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  MINT8_ASSIGN_OR_RETURN(int64_t x_rank, ctx.Rank(x));
  MINT8_ASSIGN_OR_RETURN(int64_t y_rank, ctx.Rank(y));
  const int64_t axis = ctx.Int("axis", -1);
  if (x_rank >= y_rank) {
    MINT8_ASSIGN_OR_RETURN(y, AlignForBroadcast(ctx, y, y_rank, x_rank, axis));
  } else {
    MINT8_ASSIGN_OR_RETURN(x, AlignForBroadcast(ctx, x, x_rank, y_rank, axis));
  }
  ctx.Emit(kOp, {x, y}, {out});
  return absl::OkStatus();
}

constexpr char kAdd[] = "Add";
constexpr char kSub[] = "Sub";
constexpr char kMul[] = "Mul";
constexpr char kDiv[] = "Div";

// A one-input, one-output op whose attributes carry over as `attrs`.
absl::Status Unary(TranslationContext& ctx, absl::string_view op, Attributes attrs = {}) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  ctx.Emit(op, {x}, {out}, std::move(attrs));
  return absl::OkStatus();
}

absl::Status Relu(TranslationContext& ctx) { return Unary(ctx, "Relu"); }
absl::Status Sigmoid(TranslationContext& ctx) { return Unary(ctx, "Sigmoid"); }
absl::Status Tanh(TranslationContext& ctx) { return Unary(ctx, "Tanh"); }

absl::Status Relu6(TranslationContext& ctx) {
  Attributes attrs;
  attrs.Set("min", 0.f);
  attrs.Set("max", ctx.Float("threshold", 6.f));
  return Unary(ctx, "Clip", attrs);
}

absl::Status LeakyRelu(TranslationContext& ctx) {
  Attributes attrs;
  attrs.Set("alpha", ctx.Float("alpha", 0.02f));
  return Unary(ctx, "LeakyRelu", attrs);
}

absl::Status HardSigmoid(TranslationContext& ctx) {
  Attributes attrs;
  attrs.Set("alpha", ctx.Float("slope", 0.2f));
  attrs.Set("beta", ctx.Float("offset", 0.5f));
  return Unary(ctx, "HardSigmoid", attrs);
}

// x * min(max(x + offset, 0), threshold) / scale; ONNX's HardSwish is 3, 6, 6.
absl::Status HardSwish(TranslationContext& ctx) {
  const float threshold = ctx.Float("threshold", 6.f), scale = ctx.Float("scale", 6.f),
              offset = ctx.Float("offset", 3.f);
  if (threshold == 6.f && scale == 6.f && offset == 3.f) return Unary(ctx, "HardSwish");
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  Attributes clip;
  clip.Set("min", 0.f);
  clip.Set("max", threshold);
  const std::string shifted = ctx.EmitTemp("Add", {x, ctx.ScalarConstant("offset", offset)});
  const std::string gate = ctx.EmitTemp("Clip", {shifted}, clip);
  const std::string product = ctx.EmitTemp("Mul", {x, gate});
  ctx.Emit("Div", {product, ctx.ScalarConstant("scale", scale)}, {out});
  return absl::OkStatus();
}

// x * sigmoid(beta * x).
absl::Status Swish(TranslationContext& ctx) {
  const float beta = ctx.Float("beta", 1.f);
  if (beta == 1.f) return Unary(ctx, "Silu");
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const std::string scaled = ctx.EmitTemp("Mul", {x, ctx.ScalarConstant("beta", beta)});
  ctx.Emit("Mul", {x, ctx.EmitTemp("Sigmoid", {scaled})}, {out});
  return absl::OkStatus();
}

absl::Status Gelu(TranslationContext& ctx) {
  if (ctx.Bool("approximate", false)) return ctx.Unsupported("the tanh approximation (approximate=true)");
  return Unary(ctx, "Gelu");
}

absl::Status Softmax(TranslationContext& ctx) {
  Attributes attrs;
  attrs.Set("axis", ctx.Int("axis", -1));
  return Unary(ctx, "Softmax", attrs);
}

// scale * x + bias, or scale * (x + bias) when bias_after_scale is false.
absl::Status Scale(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  if (ctx.OptionalInput("ScaleTensor")) return ctx.Unsupported("a ScaleTensor input");
  const float scale = ctx.Float("scale", 1.f), bias = ctx.Float("bias", 0.f);
  const bool after = ctx.Bool("bias_after_scale", true);
  if (scale == 1.f && bias == 0.f) {
    ctx.Emit("Identity", {x}, {out});
    return absl::OkStatus();
  }
  std::string v = x;
  const float effective_bias = after ? bias : bias * scale;
  if (scale != 1.f) {
    const std::string s = ctx.ScalarConstant("scale", scale);
    if (effective_bias == 0.f) {
      ctx.Emit("Mul", {v, s}, {out});
      return absl::OkStatus();
    }
    v = ctx.EmitTemp("Mul", {v, s});
  }
  ctx.Emit("Add", {v, ctx.ScalarConstant("bias", effective_bias)}, {out});
  return absl::OkStatus();
}

absl::Status Dropout(TranslationContext& ctx) {
  const std::string impl = ctx.String("dropout_implementation", "downgrade_in_infer");
  if (impl == "upscale_in_train") return Unary(ctx, "Identity");
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  ctx.Emit("Mul", {x, ctx.ScalarConstant("keep", 1.f - ctx.Float("dropout_prob", 0.5f))}, {out});
  return absl::OkStatus();
}

absl::Status Pool(TranslationContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const std::string type = ctx.String("pooling_type", "max");
  if (type != "max" && type != "avg") return ctx.Unsupported(absl::StrCat("pooling_type '", type, "'"));
  const bool is_max = type == "max";
  Ints ksize = ctx.Ints("ksize");
  bool global = ctx.Bool("global_pooling", false);
  if (ctx.Bool("adaptive", false)) {
    // Only adaptive pooling to 1x1 is independent of the input's size.
    if (ksize != Ints{1, 1}) return ctx.Unsupported("adaptive pooling to an output larger than 1x1");
    global = true;
  }
  if (global) {
    ctx.Emit(is_max ? "GlobalMaxPool" : "GlobalAveragePool", {x}, {out});
    return absl::OkStatus();
  }
  Attributes attrs;
  attrs.Set("kernel_shape", ksize);
  attrs.Set("strides", ctx.Ints("strides"));
  MINT8_RETURN_IF_ERROR(SetWindowPadding(ctx, attrs));
  if (ctx.Bool("ceil_mode", false)) attrs.Set("ceil_mode", int64_t{1});
  if (!is_max) attrs.Set("count_include_pad", int64_t{ctx.Bool("exclusive", true) ? 0 : 1});
  ctx.Emit(is_max ? "MaxPool" : "AveragePool", {x}, {out}, attrs);
  return absl::OkStatus();
}

// Flattens `x` to 2-D at `axis` unless it already is 2-D there.
absl::StatusOr<std::string> FlattenTo2d(TranslationContext& ctx, const std::string& x, int64_t axis) {
  MINT8_ASSIGN_OR_RETURN(int64_t rank, ctx.Rank(x));
  if (rank == 2 && axis == 1) return x;
  if (const TensorInfo* c = ctx.Constant(x)) {
    const Dims dims = c->shape.Sizes();
    const int64_t rows = std::accumulate(dims.begin(), dims.begin() + axis, int64_t{1}, std::multiplies<>());
    return ctx.ReshapedConstant(x, {rows, c->shape.NumElements() / std::max<int64_t>(rows, 1)});
  }
  Attributes attrs;
  attrs.Set("axis", axis);
  return ctx.EmitTemp("Flatten", {x}, attrs);
}

// Paddle's mul: X flattened at x_num_col_dims times Y flattened at
// y_num_col_dims, the product shaped as X's leading and Y's trailing dims.
absl::Status MulOp(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Input("Y"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const int64_t xk = ctx.Int("x_num_col_dims", 1), yk = ctx.Int("y_num_col_dims", 1);
  MINT8_ASSIGN_OR_RETURN(std::string x2, FlattenTo2d(ctx, x, xk));
  MINT8_ASSIGN_OR_RETURN(std::string y2, FlattenTo2d(ctx, y, yk));
  if (xk == 1) {
    ctx.Emit("MatMul", {x2, y2}, {out});
    return absl::OkStatus();
  }
  // The product's shape: X's leading dims, then Y's trailing ones.
  const TensorInfo* yc = ctx.Constant(y);
  if (yc == nullptr) return ctx.Unsupported("x_num_col_dims > 1 with a non-constant Y");
  const Dims ydims = yc->shape.Sizes();
  const std::string leading =
      ctx.EmitTemp("Slice", {ctx.EmitTemp("Shape", {x}), ctx.IntsConstant("start", {0}),
                             ctx.IntsConstant("end", {xk}), ctx.IntsConstant("axis", {0})});
  Attributes cat;
  cat.Set("axis", int64_t{0});
  const std::string shape = ctx.EmitTemp(
      "Concat", {leading, ctx.IntsConstant("trailing", Ints(ydims.begin() + yk, ydims.end()))}, cat);
  ctx.Emit("Reshape", {ctx.EmitTemp("MatMul", {x2, y2}), shape}, {out});
  return absl::OkStatus();
}

// Swaps the last two dims of `x` (a constant is transposed in place).
absl::StatusOr<std::string> TransposeLastTwo(TranslationContext& ctx, const std::string& x) {
  MINT8_ASSIGN_OR_RETURN(int64_t rank, ctx.Rank(x));
  if (rank < 2) return ctx.Unsupported("transposing a 1-D operand");
  Ints perm(rank);
  std::iota(perm.begin(), perm.end(), 0);
  std::swap(perm[rank - 1], perm[rank - 2]);
  Attributes attrs;
  attrs.Set("perm", perm);
  return ctx.EmitTemp("Transpose", {x}, attrs);
}

absl::Status MatMulWith(TranslationContext& ctx, bool transpose_x, bool transpose_y, float alpha) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Input("Y"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  if (transpose_x) {
    MINT8_ASSIGN_OR_RETURN(x, TransposeLastTwo(ctx, x));
  }
  if (transpose_y) {
    MINT8_ASSIGN_OR_RETURN(y, TransposeLastTwo(ctx, y));
  }
  if (alpha == 1.f) {
    ctx.Emit("MatMul", {x, y}, {out});
  } else {
    ctx.Emit("Mul", {ctx.EmitTemp("MatMul", {x, y}), ctx.ScalarConstant("alpha", alpha)}, {out});
  }
  return absl::OkStatus();
}

absl::Status MatMulV1(TranslationContext& ctx) {
  return MatMulWith(ctx, ctx.Bool("transpose_X", false), ctx.Bool("transpose_Y", false),
                    ctx.Float("alpha", 1.f));
}

absl::Status MatMulV2(TranslationContext& ctx) {
  return MatMulWith(ctx, ctx.Bool("trans_x", false), ctx.Bool("trans_y", false), 1.f);
}

// fc: Input flattened at in_num_col_dims, times W, plus Bias, then an
// optional relu.
absl::Status Fc(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("Input"));
  MINT8_ASSIGN_OR_RETURN(std::string w, ctx.Input("W"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const int64_t k = ctx.Int("in_num_col_dims", 1);
  if (k != 1) return ctx.Unsupported("in_num_col_dims other than 1");
  const std::string activation = ctx.String("activation_type", "");
  if (!activation.empty() && activation != "relu") {
    return ctx.Unsupported(absl::StrCat("activation_type '", activation, "'"));
  }
  MINT8_ASSIGN_OR_RETURN(std::string x2, FlattenTo2d(ctx, x, k));
  std::string v = ctx.EmitTemp("MatMul", {x2, w});
  const auto bias = ctx.OptionalInput("Bias");
  if (bias && activation.empty()) {
    ctx.Emit("Add", {v, *bias}, {out});
    return absl::OkStatus();
  }
  if (bias) v = ctx.EmitTemp("Add", {v, *bias});
  ctx.Emit(activation.empty() ? "Identity" : "Relu", {v}, {out});
  return absl::OkStatus();
}

// The target shape of reshape2: the Shape tensor, the ShapeTensor list
// (one-element int tensors, concatenated) or the shape attribute.
absl::StatusOr<std::string> ReshapeTarget(TranslationContext& ctx) {
  if (auto shape = ctx.OptionalInput("Shape")) return *shape;
  const std::vector<std::string> parts = ctx.Inputs("ShapeTensor");
  if (parts.empty()) return ctx.IntsConstant("shape", ctx.Ints("shape"));
  std::vector<std::string> longs;
  for (const std::string& p : parts) {
    Attributes to;
    to.Set("to", std::string(DataTypeName(DataType::kS64)));
    Attributes flat;
    flat.Set("axes", Ints{0});
    MINT8_ASSIGN_OR_RETURN(int64_t rank, ctx.Rank(p));
    const std::string one = rank == 0 ? ctx.EmitTemp("Unsqueeze", {p}, flat) : p;
    longs.push_back(ctx.EmitTemp("Cast", {one}, to));
  }
  Attributes attrs;
  attrs.Set("axis", int64_t{0});
  return ctx.EmitTemp("Concat", longs, attrs);
}

absl::Status Reshape(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  MINT8_ASSIGN_OR_RETURN(std::string shape, ReshapeTarget(ctx));
  ctx.Emit("Reshape", {x, shape}, {out});
  return absl::OkStatus();
}

absl::Status Flatten2(TranslationContext& ctx) {
  Attributes attrs;
  attrs.Set("axis", ctx.Int("axis", 1));
  return Unary(ctx, "Flatten", attrs);
}

absl::Status FlattenRange(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  MINT8_ASSIGN_OR_RETURN(int64_t rank, ctx.Rank(x));
  int64_t start = ctx.Int("start_axis", 1), stop = ctx.Int("stop_axis", -1);
  if (start < 0) start += rank;
  if (stop < 0) stop += rank;
  if (start < 0 || stop >= rank || start > stop) {
    return ctx.Error(absl::StrCat("axes ", start, "..", stop, " do not fit rank ", rank));
  }
  // Dims before the range are copied (0), the range is inferred (-1); dims
  // after it must be known from the program.
  Ints shape(start, 0);
  shape.push_back(-1);
  const auto declared = ctx.DeclaredDims(x);
  for (int64_t i = stop + 1; i < rank; ++i) {
    if (!declared || (*declared)[i] <= 0) {
      return ctx.Unsupported(absl::StrCat("flattening before dimension ", i, ", whose size is not declared"));
    }
    shape.push_back((*declared)[i]);
  }
  ctx.Emit("Reshape", {x, ctx.IntsConstant("shape", shape)}, {out});
  return absl::OkStatus();
}

absl::Status Transpose2(TranslationContext& ctx) {
  Attributes attrs;
  attrs.Set("perm", ctx.Ints("axis"));
  return Unary(ctx, "Transpose", attrs);
}

absl::Status Concat(TranslationContext& ctx) {
  if (ctx.OptionalInput("AxisTensor")) return ctx.Unsupported("an AxisTensor input");
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  Attributes attrs;
  attrs.Set("axis", ctx.Int("axis", 0));
  ctx.Emit("Concat", ctx.Inputs("X"), {out}, attrs);
  return absl::OkStatus();
}

absl::Status Split(TranslationContext& ctx) {
  if (ctx.OptionalInput("AxisTensor") || !ctx.Inputs("SectionsTensorList").empty()) {
    return ctx.Unsupported("AxisTensor or SectionsTensorList inputs");
  }
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  const std::vector<std::string> outs = ctx.Outputs("Out");
  int64_t axis = ctx.Int("axis", 0);
  Attributes attrs;
  attrs.Set("axis", axis);
  std::vector<std::string> inputs = {x};
  Ints sections = ctx.Ints("sections");
  if (!sections.empty()) {
    if (sections.size() != outs.size()) return ctx.Error("sections and outputs differ in number");
    auto unknown = std::find(sections.begin(), sections.end(), -1);
    if (unknown != sections.end()) {
      MINT8_ASSIGN_OR_RETURN(int64_t rank, ctx.Rank(x));
      if (axis < 0) axis += rank;
      const auto declared = ctx.DeclaredDims(x);
      if (!declared || axis < 0 || axis >= rank || (*declared)[axis] <= 0) {
        return ctx.Unsupported("a -1 section of an axis whose size is not declared");
      }
      *unknown = 0;
      *unknown = (*declared)[axis] - std::accumulate(sections.begin(), sections.end(), int64_t{0});
    }
    inputs.push_back(ctx.IntsConstant("split", sections));
  }
  ctx.Emit("Split", inputs, outs, attrs);
  return absl::OkStatus();
}

absl::Status SliceOp(TranslationContext& ctx) {
  for (const char* param : {"StartsTensor", "EndsTensor", "StartsTensorList", "EndsTensorList"}) {
    if (!ctx.Inputs(param).empty()) return ctx.Unsupported(absl::StrCat("a ", param, " input"));
  }
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("Input"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const Ints axes = ctx.Ints("axes"), decrease = ctx.Ints("decrease_axis");
  std::vector<std::string> inputs = {x, ctx.IntsConstant("starts", ctx.Ints("starts")),
                                     ctx.IntsConstant("ends", ctx.Ints("ends")),
                                     ctx.IntsConstant("axes", axes)};
  MINT8_ASSIGN_OR_RETURN(int64_t rank, ctx.Rank(x));
  // Paddle before 2.5 keeps a [1] where removing every axis would leave a
  // scalar; the program's declared output rank says which form it is.
  const auto out_dims = ctx.DeclaredDims(out);
  const bool squeeze = !decrease.empty() && (!out_dims || static_cast<int64_t>(out_dims->size()) ==
                                                              rank - static_cast<int64_t>(decrease.size()));
  if (!squeeze) {
    ctx.Emit("Slice", inputs, {out});
    return absl::OkStatus();
  }
  Attributes attrs;
  attrs.Set("axes", decrease);
  ctx.Emit("Squeeze", {ctx.EmitTemp("Slice", inputs)}, {out}, attrs);
  return absl::OkStatus();
}

absl::Status ShapeOp(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("Input"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  ctx.Emit("Shape", {x}, {out});
  return absl::OkStatus();
}

absl::Status SqueezeOrUnsqueeze(TranslationContext& ctx, absl::string_view op) {
  Attributes attrs;
  if (const Ints axes = ctx.Ints("axes"); !axes.empty()) attrs.Set("axes", axes);
  if (ctx.OptionalInput("AxesTensor") || !ctx.Inputs("AxesTensorList").empty()) {
    return ctx.Unsupported("an AxesTensor input");
  }
  return Unary(ctx, op, attrs);
}

absl::Status Squeeze2(TranslationContext& ctx) { return SqueezeOrUnsqueeze(ctx, "Squeeze"); }
absl::Status Unsqueeze2(TranslationContext& ctx) { return SqueezeOrUnsqueeze(ctx, "Unsqueeze"); }

absl::Status FillConstant(TranslationContext& ctx) {
  if (ctx.OptionalInput("ShapeTensor") || !ctx.Inputs("ShapeTensorList").empty() ||
      ctx.OptionalInput("ValueTensor")) {
    return ctx.Unsupported("shape or value given as tensors");
  }
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const Ints dims = ctx.Ints("shape");
  float value = ctx.Float("value", 0.f);
  if (const std::string s = ctx.String("str_value", ""); !s.empty()) value = std::stof(s);
  const int64_t count = std::accumulate(dims.begin(), dims.end(), int64_t{1}, std::multiplies<>());
  if (count < 0 || count > (int64_t{1} << 28)) return ctx.Error("shape out of range");
  const int dtype = static_cast<int>(ctx.Int("dtype", 5));
  auto& g = ctx.graph();
  if (dtype == 2 || dtype == 3) {  // INT32, INT64: both become int64
    std::vector<int64_t> values(count, static_cast<int64_t>(value));
    g.AddConstant(out, DataType::kS64, dims, Buffer::Copy(values.data(), values.size() * sizeof(int64_t)));
  } else if (dtype == 4 || dtype == 5 || dtype == 6) {
    std::vector<float> values(count, value);
    g.AddConstant(out, DataType::kF32, dims, Buffer::Copy(values.data(), values.size() * sizeof(float)));
  } else {
    return ctx.Unsupported(absl::StrCat("dtype ", dtype));
  }
  return absl::OkStatus();
}

absl::Status Pad2d(TranslationContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireNchw(ctx, "data_format"));
  if (ctx.OptionalInput("Paddings")) return ctx.Unsupported("a Paddings input");
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const Ints p = ctx.Ints("paddings");  // [top, bottom, left, right]
  if (p.size() != 4) return ctx.Error("paddings must have 4 values");
  Attributes attrs;
  attrs.Set("mode", ctx.String("mode", "constant"));  // constant, reflect, edge: ONNX's names too
  const Ints pads = {0, 0, p[0], p[2], 0, 0, p[1], p[3]};
  ctx.Emit("Pad",
           {x, ctx.IntsConstant("pads", pads), ctx.ScalarConstant("value", ctx.Float("pad_value", 0.f))},
           {out}, attrs);
  return absl::OkStatus();
}

// Paddle's lrn divides by (k + alpha * sum)^beta; ONNX's by
// (bias + alpha / size * sum)^beta.
absl::Status Lrn(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const int64_t n = ctx.Int("n", 5);
  Attributes attrs;
  attrs.Set("size", n);
  attrs.Set("alpha", ctx.Float("alpha", 1e-4f) * static_cast<float>(n));
  attrs.Set("beta", ctx.Float("beta", 0.75f));
  attrs.Set("bias", ctx.Float("k", 1.f));
  ctx.Emit("LRN", {x}, {out}, attrs);
  return absl::OkStatus();
}

absl::Status Interpolate(TranslationContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireNchw(ctx, "data_layout"));
  if (ctx.OptionalInput("OutSize") || !ctx.Inputs("SizeTensor").empty() || ctx.OptionalInput("Scale")) {
    return ctx.Unsupported("output sizes or scales given as tensors");
  }
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  const std::string method = ctx.String("interp_method", "bilinear");
  if (method != "bilinear" && method != "nearest") {
    return ctx.Unsupported(absl::StrCat("interp_method '", method, "'"));
  }
  const bool align_corners = ctx.Bool("align_corners", true);
  Attributes attrs;
  attrs.Set("mode", std::string(method == "bilinear" ? "linear" : "nearest"));
  if (align_corners) {
    attrs.Set("coordinate_transformation_mode", std::string("align_corners"));
    if (method == "nearest") attrs.Set("nearest_mode", std::string("round_prefer_ceil"));
  } else if (method == "nearest" || ctx.Int("align_mode", 1) == 1) {
    attrs.Set("coordinate_transformation_mode", std::string("asymmetric"));
    if (method == "nearest") attrs.Set("nearest_mode", std::string("floor"));
  } else {
    attrs.Set("coordinate_transformation_mode", std::string("half_pixel"));
  }
  const int64_t out_h = ctx.Int("out_h", -1), out_w = ctx.Int("out_w", -1);
  if (out_h > 0 && out_w > 0) {
    // sizes = the input's N and C, then out_h, out_w.
    const std::string shape = ctx.EmitTemp("Shape", {x});
    const std::string nc = ctx.EmitTemp(
        "Slice",
        {shape, ctx.IntsConstant("zero", {0}), ctx.IntsConstant("two", {2}), ctx.IntsConstant("axis", {0})});
    Attributes cat;
    cat.Set("axis", int64_t{0});
    const std::string sizes = ctx.EmitTemp("Concat", {nc, ctx.IntsConstant("hw", {out_h, out_w})}, cat);
    ctx.Emit("Resize", {x, "", "", sizes}, {out}, attrs);
    return absl::OkStatus();
  }
  const std::vector<float> scale = ctx.Floats("scale");
  if (scale.empty()) return ctx.Error("neither out_h/out_w nor scale is given");
  const float sh = scale[0], sw = scale.size() > 1 ? scale[1] : scale[0];
  ctx.Emit("Resize", {x, "", ctx.FloatsConstant("scales", {1.f, 1.f, sh, sw}, {4})}, {out}, attrs);
  return absl::OkStatus();
}

absl::Status LayerNorm(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Output("Y"));
  MINT8_ASSIGN_OR_RETURN(int64_t rank, ctx.Rank(x));
  const int64_t axis = ctx.Int("begin_norm_axis", 1);
  const auto declared = ctx.DeclaredDims(x);
  Ints normalized;
  for (int64_t i = axis; i < rank; ++i) {
    if (!declared || (*declared)[i] <= 0) {
      return ctx.Unsupported(absl::StrCat("normalizing dimension ", i, ", whose size is not declared"));
    }
    normalized.push_back((*declared)[i]);
  }
  // Paddle stores Scale and Bias flattened; ONNX shapes them like the
  // normalized dims.
  const int64_t count =
      std::accumulate(normalized.begin(), normalized.end(), int64_t{1}, std::multiplies<>());
  std::vector<std::string> inputs = {x};
  for (const char* param : {"Scale", "Bias"}) {
    auto v = ctx.OptionalInput(param);
    if (!v) {
      inputs.push_back(
          ctx.FloatsConstant(param, std::vector<float>(count, param[0] == 'S' ? 1.f : 0.f), normalized));
      continue;
    }
    const TensorInfo* c = ctx.Constant(*v);
    if (c == nullptr || c->shape.NumElements() != count) {
      return ctx.Error(absl::StrCat(param, " must be a parameter of ", count, " values"));
    }
    inputs.push_back(ctx.ReshapedConstant(*v, normalized));
  }
  Attributes attrs;
  attrs.Set("axis", axis);
  attrs.Set("epsilon", ctx.Float("epsilon", 1e-5f));
  ctx.Emit("LayerNormalization", inputs, {y}, attrs);
  return absl::OkStatus();
}

}  // namespace

void AddFloatTranslators(TranslatorTable& table) {
  table["feed"] = InputOrOutput;
  table["fetch"] = InputOrOutput;
  table["conv2d"] = Conv;
  table["depthwise_conv2d"] = Conv;
  table["conv2d_transpose"] = ConvTranspose;
  table["batch_norm"] = BatchNorm;
  table["elementwise_add"] = Elementwise<kAdd>;
  table["elementwise_sub"] = Elementwise<kSub>;
  table["elementwise_mul"] = Elementwise<kMul>;
  table["elementwise_div"] = Elementwise<kDiv>;
  table["relu"] = Relu;
  table["relu6"] = Relu6;
  table["leaky_relu"] = LeakyRelu;
  table["sigmoid"] = Sigmoid;
  table["tanh"] = Tanh;
  table["hard_sigmoid"] = HardSigmoid;
  table["hard_swish"] = HardSwish;
  table["swish"] = Swish;
  table["gelu"] = Gelu;
  table["softmax"] = Softmax;
  table["scale"] = Scale;
  table["dropout"] = Dropout;
  table["pool2d"] = Pool;
  table["mul"] = MulOp;
  table["matmul"] = MatMulV1;
  table["matmul_v2"] = MatMulV2;
  table["fc"] = Fc;
  table["reshape2"] = Reshape;
  table["flatten2"] = Flatten2;
  table["flatten_contiguous_range"] = FlattenRange;
  table["transpose2"] = Transpose2;
  table["concat"] = Concat;
  table["split"] = Split;
  table["slice"] = SliceOp;
  table["shape"] = ShapeOp;
  table["squeeze2"] = Squeeze2;
  table["unsqueeze2"] = Unsqueeze2;
  table["fill_constant"] = FillConstant;
  table["pad2d"] = Pad2d;
  table["lrn"] = Lrn;
  table["bilinear_interp_v2"] = Interpolate;
  table["nearest_interp_v2"] = Interpolate;
  table["layer_norm"] = LayerNorm;
}

}  // namespace mint8::ir::paddle
