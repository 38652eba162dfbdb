// Gemm (ONNX): alpha * A' * B' + beta * C. mint8 extension: fused post-ops as
// on Conv.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

absl::Status InferGemm(InferenceContext& ctx) {
  MINT8_RETURN_IF_ERROR(CheckPostOps(ctx, 3));
  MINT8_ASSIGN_OR_RETURN(DataType out_dtype, ComputeOutputDtype(ctx));
  if (!ctx.AllInputShapesKnown()) {
    ctx.SetOutputsUnknown(out_dtype);
    return absl::OkStatus();
  }
  const Dims a = ctx.input_dims(0), b = ctx.input_dims(1);
  if (a.size() != 2 || b.size() != 2) {
    return ctx.Error(absl::StrCat("A and B must be 2-D; got ", DimsToString(a), " and ", DimsToString(b)));
  }
  const bool ta = ctx.attributes().GetInt("transA", 0) != 0;
  const bool tb = ctx.attributes().GetInt("transB", 0) != 0;
  const int64_t m = ta ? a[1] : a[0], k = ta ? a[0] : a[1];
  const int64_t kb = tb ? b[1] : b[0], n = tb ? b[0] : b[1];
  if (k != kb) {
    return ctx.Error(absl::StrCat("inner dimensions differ: A ", DimsToString(a), " B ", DimsToString(b),
                                  " (transA=", ta, ", transB=", tb, ")"));
  }
  const Dims y = {m, n};
  if (ctx.has_input(2)) {
    MINT8_ASSIGN_OR_RETURN(Dims c, Broadcast(ctx, ctx.input_dims(2), y));
    if (c != y) return ctx.Error("C does not broadcast to the output shape");
  }
  ctx.SetOutput(0, out_dtype, Shape::Of(y));
  return absl::OkStatus();
}

int GemmWeightOutputAxis(const Node& node) { return node.attributes.GetInt("transB", 0) != 0 ? 0 : 1; }

int64_t GemmMacs(const Node& node, const std::vector<int64_t>& w) {
  return w.size() == 2 ? w[GemmWeightOutputAxis(node) == 0 ? 1 : 0] : 0;
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

// Opsets before 7 had `broadcast`; opset 7+ always broadcasts.
absl::Status FromOnnx(OnnxImportContext&, Node& node) {
  node.attributes.Erase("broadcast");
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(
    With(Op("Gemm", 2, 4,
            JoinAttributes(
                {{"alpha", K::kFloat}, {"beta", K::kFloat}, {"transA", K::kInt}, {"transB", K::kInt}},
                PostOpAttributes()),
            InferGemm),
         ComputeTraits(QuantizationRole::kCompute, GemmWeightOutputAxis, GemmMacs, GemmInt8Blocker)),
    FromOnnx));

}  // namespace
}  // namespace mint8::ir::ops
