// MatMul (ONNX). mint8 extension: fused post-ops as on Conv. INT8 when both
// operands are run-time tensors (attention); a constant operand makes it a
// Gemm or keeps it FP32.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

int64_t MatMulMacs(const Node&, const std::vector<int64_t>& w) {
  return w.size() >= 2 ? w[w.size() - 2] : (w.empty() ? 0 : w[0]);
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
    return ctx.Error(absl::StrCat("inner dimensions differ: ", DimsToString(ctx.input_dims(0)), " x ",
                                  DimsToString(ctx.input_dims(1))));
  }
  Dims batch_a(a.begin(), a.end() - 2), batch_b(b.begin(), b.end() - 2);
  MINT8_ASSIGN_OR_RETURN(Dims y, Broadcast(ctx, batch_a, batch_b));
  if (!a_vector) y.push_back(a[a.size() - 2]);
  if (!b_vector) y.push_back(b[b.size() - 1]);
  ctx.SetOutput(0, out_dtype, Shape::Of(y));
  return absl::OkStatus();
}

OpTraits Traits() {
  OpTraits traits = ComputeTraits(QuantizationRole::kOperandProduct, nullptr, MatMulMacs);
  traits.matrix_multiply = true;
  return traits;
}

MINT8_REGISTER_OP(With(Op("MatMul", 2, 3, PostOpAttributes(), InferMatMul), Traits()));

}  // namespace
}  // namespace mint8::ir::ops
