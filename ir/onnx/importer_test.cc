// Importer checks beyond the operators' own: what makes an ONNX graph well
// formed.
#include "ir/onnx/importer.h"

#include "gtest/gtest.h"
#include "onnx/onnx-ml.pb.h"

namespace mint8::ir {
namespace {

// Relu(x) -> y, with graph inputs `inputs` (x and maybe others).
::onnx::ModelProto ReluModel(std::initializer_list<const char*> inputs) {
  ::onnx::ModelProto model;
  model.set_ir_version(7);
  model.add_opset_import()->set_version(13);
  ::onnx::GraphProto& g = *model.mutable_graph();
  for (const char* name : inputs) {
    ::onnx::ValueInfoProto& in = *g.add_input();
    in.set_name(name);
    in.mutable_type()->mutable_tensor_type()->set_elem_type(::onnx::TensorProto::FLOAT);
    for (int d : {1, 4})
      in.mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(d);
  }
  ::onnx::NodeProto& n = *g.add_node();
  n.set_op_type("Relu");
  n.add_input("x");
  n.add_output("y");
  g.add_output()->set_name("y");
  return model;
}

// Found by //ir/onnx:importer_fuzzer: a node writing a graph input was
// accepted, and only a later pass's verifier refused the graph.
TEST(ImporterTest, ANodeWritingAGraphInputIsAnError) {
  ::onnx::ModelProto twice = ReluModel({"x", "y"});
  absl::StatusOr<Graph> graph = ImportOnnxModel(twice, "");
  ASSERT_FALSE(graph.ok());
  EXPECT_NE(graph.status().message().find("'y' is defined twice"), absl::string_view::npos) << graph.status();

  ::onnx::ModelProto once = ReluModel({"x"});
  EXPECT_TRUE(ImportOnnxModel(once, "").ok());
}

// Opset 11 gave Split's sizes as an attribute; mint8 keeps them as input 1
// (the opset 13 form), so the shapes come out the same.
TEST(ImporterTest, Opset11SplitSizesBecomeAnInput) {
  ::onnx::ModelProto model = ReluModel({"x"});
  model.mutable_opset_import(0)->set_version(11);
  ::onnx::NodeProto& split = *model.mutable_graph()->add_node();
  split.set_op_type("Split");
  split.add_input("y");
  split.add_output("a");
  split.add_output("b");
  ::onnx::AttributeProto& axis = *split.add_attribute();
  axis.set_name("axis");
  axis.set_type(::onnx::AttributeProto::INT);
  axis.set_i(1);
  ::onnx::AttributeProto& sizes = *split.add_attribute();
  sizes.set_name("split");
  sizes.set_type(::onnx::AttributeProto::INTS);
  sizes.add_ints(1);
  sizes.add_ints(3);
  model.mutable_graph()->add_output()->set_name("a");
  model.mutable_graph()->add_output()->set_name("b");
  absl::StatusOr<Graph> graph = ImportOnnxModel(model, "");
  ASSERT_TRUE(graph.ok()) << graph.status();
  const Node* node = nullptr;
  for (const auto& n : graph->nodes()) {
    if (n->op_type == "Split") node = n.get();
  }
  ASSERT_NE(node, nullptr);
  EXPECT_FALSE(node->attributes.Has("split"));
  ASSERT_EQ(node->inputs.size(), 2u);
  const TensorInfo* input = graph->FindConstant(node->inputs[1]);
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(std::vector<int64_t>(input->data->span<int64_t>().begin(), input->data->span<int64_t>().end()),
            (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(graph->FindTensor("b")->shape.ToString(), "[1,3]");
}

}  // namespace
}  // namespace mint8::ir
