// Range (ONNX): start, start + delta, ... up to limit (exclusive); the three
// scalars must be constants (the output's length depends on them).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

std::optional<double> ConstantScalar(const InferenceContext& ctx, int i) {
  if (std::optional<std::vector<float>> f = ctx.ConstantFloats(i); f && f->size() == 1) return (*f)[0];
  if (std::optional<std::vector<int64_t>> n = ctx.ConstantInts(i); n && n->size() == 1) {
    return static_cast<double>((*n)[0]);
  }
  return std::nullopt;
}

absl::Status InferRange(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 0, {kF32, DataType::kS32, DataType::kS64}));
  for (int i = 0; i < 3; ++i) {
    if (ctx.input_dtype(i) != ctx.input_dtype(0)) return ctx.Error("start, limit and delta differ in type");
    if (ctx.input_shape(i).rank_known() && ctx.input_shape(i).rank() != 0 &&
        ctx.input_shape(i).NumElements() != 1) {
      return ctx.Error("start, limit and delta must be scalars");
    }
  }
  const std::optional<double> start = ConstantScalar(ctx, 0), limit = ConstantScalar(ctx, 1),
                              delta = ConstantScalar(ctx, 2);
  if (!start || !limit || !delta) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  if (*delta == 0) return ctx.Error("delta is 0");
  const double count = std::ceil((*limit - *start) / *delta);
  if (count > static_cast<double>(kMaxTensorElements)) return ctx.Error("more than 2^48 elements");
  ctx.SetOutput(0, ctx.input_dtype(0), Shape::Of({std::max<int64_t>(static_cast<int64_t>(count), 0)}));
  return absl::OkStatus();
}

MINT8_REGISTER_OP(Op("Range", 3, 3, {}, InferRange));

}  // namespace
}  // namespace mint8::ir::ops
