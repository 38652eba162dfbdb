// Gather (ONNX semantics, opset 13 form).
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

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

// One constant index (Swin picks q, k and v out of one tensor so): a Slice of
// that position, reshaped without the axis for a scalar index. Slices and
// reshapes run on oneDNN and keep INT8 values; Gather runs reference code.
bool ExpandIntoSlice(Graph& graph, const Node& node) {
  const TensorInfo* x = graph.FindTensor(node.inputs[0]);
  const TensorInfo* index = graph.FindConstant(node.inputs[1]);
  const TensorInfo* y = graph.FindTensor(node.outputs[0]);
  if (x == nullptr || index == nullptr || y == nullptr || !x->shape.IsFullyKnown() ||
      !y->shape.IsFullyKnown() || index->shape.NumElements() != 1 || index->shape.rank() > 1) {
    return false;
  }
  int64_t axis = node.attributes.GetInt("axis", 0);
  if (axis < 0) axis += x->shape.rank();
  const int64_t size = x->shape.dim(axis).size;
  int64_t i =
      index->dtype == DataType::kS32 ? index->data->data<int32_t>()[0] : index->data->data<int64_t>()[0];
  if (i < 0) i += size;
  if (i < 0 || i >= size) return false;
  std::string sliced = node.outputs[0];
  if (index->shape.rank() == 0) {
    Dims kept = x->shape.Sizes();
    kept[axis] = 1;
    sliced = graph.UniqueTensorName(node.outputs[0] + "/slice");
    graph.AddTensor(sliced, x->dtype, Shape::Of(kept));
    const Dims out = y->shape.Sizes();
    graph.AddNode(Node{graph.UniqueNodeName(node.name + "/squeeze"),
                       "Reshape",
                       {sliced, graph.AddNewInts(node.name + "/shape", out)},
                       {node.outputs[0]},
                       {}});
  }
  graph.AddNode(
      Node{graph.UniqueNodeName(node.name + "/slice"),
           "Slice",
           {node.inputs[0], graph.AddNewInts(node.name + "/starts", {i}),
            graph.AddNewInts(node.name + "/ends", {i + 1}), graph.AddNewInts(node.name + "/axes", {axis})},
           {sliced},
           {}});
  return true;
}

OpTraits Traits() {
  OpTraits t;
  t.expand = ExpandIntoSlice;
  return t;
}

MINT8_REGISTER_OP(With(Op("Gather", 2, 2, {{"axis", K::kInt}}, InferGather), Traits()));

}  // namespace
}  // namespace mint8::ir::ops
