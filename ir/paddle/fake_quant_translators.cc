// Translators of Paddle's fake-quantization ops into QuantizeLinear /
// DequantizeLinear pairs, so that a Paddle QAT program reaches mint8's QAT
// harvest exactly as an ONNX QDQ model does.
//
// Paddle's scales are abs-max values: real = q * scale / (2^(bits-1) - 1).
// ONNX's step is therefore scale / (2^(bits-1) - 1), zero point 0, s8.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "ir/paddle/op_translation.h"
#include "ir/status_macros.h"

namespace mint8::ir::paddle {
namespace {

absl::StatusOr<float> BinCount(TranslationContext& ctx, int64_t bits) {
  if (bits != 8) return ctx.Unsupported(absl::StrCat(bits, "-bit quantization (8-bit is)"));
  return static_cast<float>((1 << (bits - 1)) - 1);
}

// ONNX steps from Paddle abs-max scales.
std::vector<float> Steps(const std::vector<float>& abs_max, float bin_count) {
  std::vector<float> steps;
  for (float s : abs_max) steps.push_back(s / bin_count);
  return steps;
}

struct QuantParams {
  std::string scale;
  std::string zero_point;
  int64_t axis = -1;  // -1: per tensor
};

absl::StatusOr<QuantParams> AddQuantParams(TranslationContext& ctx, const std::vector<float>& steps,
                                           int64_t axis) {
  for (float s : steps) {
    if (!(s > 0) || !std::isfinite(s))
      return ctx.Error(absl::StrCat("scale ", s, " is not positive and finite"));
  }
  QuantParams p;
  p.axis = steps.size() == 1 ? -1 : axis;
  const std::vector<int64_t> dims =
      steps.size() == 1 ? std::vector<int64_t>{} : std::vector<int64_t>{static_cast<int64_t>(steps.size())};
  p.scale = ctx.FloatsConstant("step", steps, dims);
  p.zero_point = ctx.graph().UniqueTensorName(absl::StrCat(p.scale, "/zero_point"));
  const std::vector<int8_t> zeros(steps.size(), 0);
  ctx.graph().AddConstant(p.zero_point, DataType::kS8, dims, Buffer::Copy(zeros.data(), zeros.size()));
  return p;
}

Attributes AxisAttribute(const QuantParams& p) {
  Attributes attrs;
  if (p.axis >= 0) attrs.Set("axis", p.axis);
  return attrs;
}

// Per-channel abs-max of a constant along `axis` (all of it when axis < 0).
absl::StatusOr<std::vector<float>> ConstantAbsMax(TranslationContext& ctx, const std::string& x,
                                                  int64_t axis) {
  const TensorInfo* c = ctx.Constant(x);
  if (c == nullptr || c->dtype != DataType::kF32) {
    return ctx.Unsupported(
        "abs_max fake quantization of an activation (its scale is computed at run time; "
        "moving_average_abs_max stores one)");
  }
  const Dims dims = c->shape.Sizes();
  if (axis >= static_cast<int64_t>(dims.size()))
    return ctx.Error(absl::StrCat("quant_axis ", axis, " out of range"));
  const int64_t channels = axis < 0 ? 1 : dims[axis];
  int64_t inner = 1;
  for (size_t i = axis < 0 ? dims.size() : axis + 1; i < dims.size(); ++i) inner *= dims[i];
  std::vector<float> abs_max(channels, 0.f);
  auto values = c->data->span<float>();
  for (size_t i = 0; i < values.size(); ++i) {
    float& m = abs_max[(i / inner) % channels];
    m = std::max(m, std::fabs(values[i]));
  }
  for (float& m : abs_max) m = std::max(m, 1e-30f);  // an all-zero channel
  return abs_max;
}

// Records a quant op's OutScale output as a constant, so that a dequantize
// op (or anything else) that reads it finds the value.
void DefineOutScale(TranslationContext& ctx, const std::vector<float>& abs_max) {
  const std::vector<std::string> outs = ctx.Outputs("OutScale");
  if (outs.size() != 1 || ctx.Constant(outs[0]) != nullptr) return;
  ctx.graph().AddConstant(outs[0], DataType::kF32, {static_cast<int64_t>(abs_max.size())},
                          Buffer::Copy(abs_max.data(), abs_max.size() * sizeof(float)));
}

// The abs-max scale(s) of a quant op: its stored InScale, or the abs-max of
// its constant input.
absl::StatusOr<std::vector<float>> AbsMaxScales(TranslationContext& ctx, const std::string& x, int64_t axis) {
  if (auto in_scale = ctx.OptionalInput("InScale")) return ctx.ConstantFloats(*in_scale, "InScale");
  return ConstantAbsMax(ctx, x, axis);
}

// fake_quantize_dequantize_*: X -> Q -> DQ -> Out; fake_quantize_*
// (quantize only): X -> Q, an s8 tensor that a dequantize op reads.
absl::Status FakeQuantize(TranslationContext& ctx, int64_t axis, bool dequantize) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  MINT8_ASSIGN_OR_RETURN(float bins, BinCount(ctx, ctx.Int("bit_length", 8)));
  MINT8_ASSIGN_OR_RETURN(std::vector<float> abs_max, AbsMaxScales(ctx, x, axis));
  DefineOutScale(ctx, abs_max);
  MINT8_ASSIGN_OR_RETURN(QuantParams p, AddQuantParams(ctx, Steps(abs_max, bins), axis));
  if (!dequantize) {
    ctx.Emit("QuantizeLinear", {x, p.scale, p.zero_point}, {out}, AxisAttribute(p));
    return absl::OkStatus();
  }
  const std::string q = ctx.EmitTemp("QuantizeLinear", {x, p.scale, p.zero_point}, AxisAttribute(p));
  ctx.Emit("DequantizeLinear", {q, p.scale, p.zero_point}, {out}, AxisAttribute(p));
  return absl::OkStatus();
}

absl::Status FakeQdqTensor(TranslationContext& ctx) { return FakeQuantize(ctx, -1, true); }
absl::Status FakeQdqChannel(TranslationContext& ctx) {
  return FakeQuantize(ctx, ctx.Int("quant_axis", 0), true);
}

absl::Status FakeQuantTensor(TranslationContext& ctx) { return FakeQuantize(ctx, -1, false); }
absl::Status FakeQuantChannel(TranslationContext& ctx) {
  return FakeQuantize(ctx, ctx.Int("quant_axis", 0), false);
}

// The quantized input of a dequantize op must come straight from a quantize
// op: Paddle's frozen form, where an INT8 conv runs in between, is not a QDQ
// model.
absl::Status RequireQuantizedInput(TranslationContext& ctx, const std::string& x) {
  const Node* producer = ctx.graph().Producer(x);
  if (producer == nullptr || producer->op_type != "QuantizeLinear") {
    return ctx.Unsupported(absl::StrCat("'", x,
                                        "' does not come from a quantize op (the frozen form, with an "
                                        "op between quantize and dequantize, is not supported)"));
  }
  return absl::OkStatus();
}

absl::Status Dequantize(TranslationContext& ctx, const std::vector<float>& steps, int64_t axis) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string out, ctx.Output("Out"));
  MINT8_RETURN_IF_ERROR(RequireQuantizedInput(ctx, x));
  MINT8_ASSIGN_OR_RETURN(QuantParams p, AddQuantParams(ctx, steps, axis));
  ctx.Emit("DequantizeLinear", {x, p.scale, p.zero_point}, {out}, AxisAttribute(p));
  return absl::OkStatus();
}

// Out = X * Scale / max_range.
absl::Status FakeDequantMaxAbs(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string scale, ctx.Input("Scale"));
  MINT8_ASSIGN_OR_RETURN(std::vector<float> abs_max, ctx.ConstantFloats(scale, "Scale"));
  const float max_range = ctx.Float("max_range", 127.f);
  if (!(max_range > 0)) return ctx.Error("max_range must be positive");
  return Dequantize(ctx, Steps(abs_max, max_range), -1);
}

// Out = X * Scales[0][c] / (2^(quant_bits[0]-1) - 1), one dequantization.
absl::Status FakeChannelDequantMaxAbs(TranslationContext& ctx) {
  const std::vector<std::string> scales = ctx.Inputs("Scales");
  if (scales.size() != 1) {
    return ctx.Unsupported("two Scales (the frozen form that dequantizes an INT8 conv's output)");
  }
  std::vector<int64_t> bits = ctx.Ints("quant_bits");
  MINT8_ASSIGN_OR_RETURN(float bins, BinCount(ctx, bits.empty() ? 8 : bits[0]));
  MINT8_ASSIGN_OR_RETURN(std::vector<float> abs_max, ctx.ConstantFloats(scales[0], "Scales"));
  return Dequantize(ctx, Steps(abs_max, bins), ctx.Int("quant_axis", 0));
}

// Paddle 2.3+'s quantize_linear / dequantize_linear: X, Scale (abs-max),
// ZeroPoint (zeros); quant_axis -1 per tensor.
absl::StatusOr<QuantParams> LinearParams(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(float bins, BinCount(ctx, ctx.Int("bit_length", 8)));
  MINT8_ASSIGN_OR_RETURN(std::string scale, ctx.Input("Scale"));
  MINT8_ASSIGN_OR_RETURN(std::vector<float> abs_max, ctx.ConstantFloats(scale, "Scale"));
  if (auto zp = ctx.OptionalInput("ZeroPoint")) {
    const TensorInfo* c = ctx.Constant(*zp);
    if (c == nullptr) return ctx.Error("ZeroPoint must be a parameter");
    for (size_t i = 0; i < c->data->size(); ++i) {
      if (c->data->data()[i] != 0) return ctx.Unsupported("a non-zero ZeroPoint");
    }
  }
  return AddQuantParams(ctx, Steps(abs_max, bins), ctx.Int("quant_axis", -1));
}

absl::Status QuantizeLinear(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Output("Y"));
  MINT8_ASSIGN_OR_RETURN(QuantParams p, LinearParams(ctx));
  ctx.Emit("QuantizeLinear", {x, p.scale, p.zero_point}, {y}, AxisAttribute(p));
  return absl::OkStatus();
}

// A weight saved already quantized (float values that are integers, or
// int8) is stored as s8; anything else must come from a quantize op.
absl::StatusOr<std::string> QuantizedOperand(TranslationContext& ctx, const std::string& x) {
  const TensorInfo* c = ctx.Constant(x);
  if (c == nullptr) {
    MINT8_RETURN_IF_ERROR(RequireQuantizedInput(ctx, x));
    return x;
  }
  if (c->dtype == DataType::kS8) return x;
  if (c->dtype != DataType::kF32) return ctx.Error(absl::StrCat("'", x, "' must be float or int8"));
  auto values = c->data->span<float>();
  std::shared_ptr<Buffer> q = Buffer::Allocate(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const float v = values[i];
    if (v != std::nearbyint(v) || v < -128 || v > 127) {
      return ctx.Error(absl::StrCat("the quantized weight '", x, "' holds ", v, ", not an int8 value"));
    }
    q->mutable_data<int8_t>()[i] = static_cast<int8_t>(v);
  }
  const std::string name = ctx.graph().UniqueTensorName(absl::StrCat(x, "/s8"));
  ctx.graph().AddConstant(name, DataType::kS8, c->shape.Sizes(), q);
  return name;
}

absl::Status DequantizeLinear(TranslationContext& ctx) {
  MINT8_ASSIGN_OR_RETURN(std::string x, ctx.Input("X"));
  MINT8_ASSIGN_OR_RETURN(std::string y, ctx.Output("Y"));
  MINT8_ASSIGN_OR_RETURN(std::string q, QuantizedOperand(ctx, x));
  MINT8_ASSIGN_OR_RETURN(QuantParams p, LinearParams(ctx));
  ctx.Emit("DequantizeLinear", {q, p.scale, p.zero_point}, {y}, AxisAttribute(p));
  return absl::OkStatus();
}

}  // namespace

void AddFakeQuantTranslators(TranslatorTable& table) {
  table["fake_quantize_dequantize_moving_average_abs_max"] = FakeQdqTensor;
  table["fake_quantize_dequantize_abs_max"] = FakeQdqTensor;
  table["fake_channel_wise_quantize_dequantize_abs_max"] = FakeQdqChannel;
  table["fake_quantize_moving_average_abs_max"] = FakeQuantTensor;
  table["fake_quantize_abs_max"] = FakeQuantTensor;
  table["fake_channel_wise_quantize_abs_max"] = FakeQuantChannel;
  table["fake_dequantize_max_abs"] = FakeDequantMaxAbs;
  table["fake_channel_wise_dequantize_max_abs"] = FakeChannelDequantMaxAbs;
  table["quantize_linear"] = QuantizeLinear;
  table["dequantize_linear"] = DequantizeLinear;
}

}  // namespace mint8::ir::paddle
