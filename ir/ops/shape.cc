// Shape (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

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

OpTraits Traits() {
  OpTraits traits;
  traits.reads_only_input_shape = true;
  return traits;
}

MINT8_REGISTER_OP(With(Op("Shape", 1, 1, {{"start", K::kInt}, {"end", K::kInt}}, InferShape), Traits()));

}  // namespace
}  // namespace mint8::ir::ops
