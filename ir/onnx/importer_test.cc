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
    for (int d : {1, 4}) in.mutable_type()->mutable_tensor_type()->mutable_shape()->add_dim()->set_dim_value(d);
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

}  // namespace
}  // namespace mint8::ir
