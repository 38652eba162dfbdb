// Transpose (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

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

MINT8_REGISTER_OP(With(Op("Transpose", 1, 1, {{"perm", K::kInts}}, InferTranspose),
                       ScalePreservingTraits(false)));

}  // namespace
}  // namespace mint8::ir::ops
