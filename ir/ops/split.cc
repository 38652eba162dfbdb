// Split (ONNX semantics, opset 13 form: the sizes, if given, are input 1).
// Optimized graphs have none: SplitToSlicesPass makes each output a Slice,
// which runs on oneDNN and INT8 like any Slice.
#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

constexpr int kMaxOutputs = 64;

absl::Status InferSplit(InferenceContext& ctx) {
  if (ctx.has_input(1)) MINT8_RETURN_IF_ERROR(RequireDtype(ctx, 1, {DataType::kS64}));
  const int outputs = static_cast<int>(ctx.node().outputs.size());
  std::optional<std::vector<int64_t>> sizes;
  if (ctx.has_input(1)) sizes = ctx.ConstantInts(1);
  if ((ctx.has_input(1) && !sizes) || !ctx.input_shape(0).IsFullyKnown()) {
    ctx.SetOutputsUnknown(ctx.input_dtype(0));
    return absl::OkStatus();
  }
  const Dims x = ctx.input_dims(0);
  int64_t axis = ctx.attributes().GetInt("axis", 0);
  MINT8_RETURN_IF_ERROR(NormalizeAxis(ctx, axis, static_cast<int64_t>(x.size())));
  MINT8_ASSIGN_OR_RETURN(std::vector<int64_t> parts, SplitSizes(x[axis], outputs, sizes));
  for (int i = 0; i < outputs; ++i) {
    Dims out = x;
    out[axis] = parts[i];
    ctx.SetOutput(i, ctx.input_dtype(0), Shape::Of(out));
  }
  return absl::OkStatus();
}

// One Slice per output, with constant starts, ends and axes.
bool ExpandIntoSlices(Graph& graph, const Node& node) {
  const TensorInfo* x = graph.FindTensor(node.inputs[0]);
  const TensorInfo* sizes_tensor = node.has_input(1) ? graph.FindConstant(node.inputs[1]) : nullptr;
  if (x == nullptr || !x->shape.IsFullyKnown() || (node.has_input(1) && sizes_tensor == nullptr))
    return false;
  std::optional<std::vector<int64_t>> sizes;
  if (sizes_tensor != nullptr) {
    const auto v = sizes_tensor->data->span<int64_t>();
    sizes.emplace(v.begin(), v.end());
  }
  int64_t axis = node.attributes.GetInt("axis", 0);
  if (axis < 0) axis += x->shape.rank();
  absl::StatusOr<std::vector<int64_t>> parts =
      SplitSizes(x->shape.dim(axis).size, static_cast<int>(node.outputs.size()), sizes);
  if (!parts.ok()) return false;
  auto ints = [&](const std::string& what, int64_t value) {
    return graph.AddNewInts(absl::StrCat(node.name, "/", what), {value});
  };
  int64_t begin = 0;
  for (size_t i = 0; i < node.outputs.size(); ++i) {
    const int64_t end = begin + (*parts)[i];
    if (!node.outputs[i].empty()) {
      graph.AddNode(Node{graph.UniqueNodeName(absl::StrCat(node.name, "/part", i)),
                         "Slice",
                         {node.inputs[0], ints("starts", begin), ints("ends", end), ints("axes", axis)},
                         {node.outputs[i]},
                         {}});
    }
    begin = end;
  }
  return true;
}

OpTraits Traits() {
  OpTraits t;
  t.expand = ExpandIntoSlices;
  return t;
}

// Before opset 13 the sizes were the attribute `split`.
absl::Status FromOnnx(OnnxImportContext& ctx, Node& node) {
  if (node.attributes.Has("split")) {
    node.inputs.resize(1);
    node.inputs.push_back(ctx.AddInts(node, "split", node.attributes.GetInts("split")));
    node.attributes.Erase("split");
  }
  node.attributes.Erase("num_outputs");  // opset 18: the number of outputs says it
  return absl::OkStatus();
}

MINT8_REGISTER_OP(WithOnnxForm(With(Op("Split", 1, 2,
                                       {{"axis", K::kInt}, {"split", K::kInts}, {"num_outputs", K::kInt}},
                                       InferSplit, kMaxOutputs),
                                    Traits()),
                               FromOnnx));

}  // namespace
}  // namespace mint8::ir::ops
