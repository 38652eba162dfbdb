#include "ir/shape_inference.h"

#include "gtest/gtest.h"
#include "ir/op_geometry.h"
#include "ir/op_schema.h"
#include "ir/verifier.h"

namespace mint8::ir {
namespace {

// A graph with one node whose inputs are graph inputs of the given shapes,
// or constants when `constants` has values for them.
class OneNode {
 public:
  OneNode(std::string op_type, std::vector<Dims> input_dims, Attributes attrs = {}) {
    node_.name = "n";
    node_.op_type = std::move(op_type);
    node_.attributes = std::move(attrs);
    node_.outputs = {"y"};
    for (size_t i = 0; i < input_dims.size(); ++i) {
      const std::string name = "in" + std::to_string(i);
      graph_.AddTensor(name, DataType::kF32, Shape::Of(input_dims[i]));
      graph_.inputs().push_back(name);
      node_.inputs.push_back(name);
    }
  }
  OneNode& IntConstant(std::vector<int64_t> values) {
    const std::string name = "c" + std::to_string(node_.inputs.size());
    std::shared_ptr<Buffer> b = Buffer::Copy(values.data(), values.size() * 8);
    graph_.AddConstant(name, DataType::kS64, {static_cast<int64_t>(values.size())}, b);
    node_.inputs.push_back(name);
    return *this;
  }
  OneNode& Omitted() {
    node_.inputs.push_back("");
    return *this;
  }
  absl::StatusOr<Shape> Infer() {
    Graph g = graph_;
    g.AddNode(node_);
    g.outputs() = {"y"};
    absl::Status s = InferShapes(g);
    if (!s.ok()) return s;
    s = Verify(g);
    if (!s.ok()) return s;
    return g.FindTensor("y")->shape;
  }

 private:
  Graph graph_;
  Node node_;
};

Attributes Attrs(std::initializer_list<std::pair<const char*, AttributeValue>> list) {
  Attributes a;
  for (const auto& [k, v] : list) a.Set(k, v);
  return a;
}

using Ints = std::vector<int64_t>;

void ExpectShape(OneNode node, Dims want) {
  absl::StatusOr<Shape> got = node.Infer();
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->ToString(), Shape::Of(want).ToString());
}

void ExpectError(OneNode node, absl::string_view fragment) {
  absl::StatusOr<Shape> got = node.Infer();
  ASSERT_FALSE(got.ok()) << "got " << got->ToString();
  EXPECT_NE(got.status().message().find(fragment), absl::string_view::npos) << got.status();
}

TEST(ShapeInferenceTest, ConvExplicitPadsStridesDilations) {
  ExpectShape(OneNode("Conv", {{1, 3, 224, 224}, {64, 3, 7, 7}, {64}},
                      Attrs({{"pads", Ints{3, 3, 3, 3}}, {"strides", Ints{2, 2}}})),
              {1, 64, 112, 112});
  ExpectShape(OneNode("Conv", {{2, 8, 10, 9}, {4, 8, 3, 3}},
                      Attrs({{"dilations", Ints{2, 2}}})),
              {2, 4, 6, 5});
}

TEST(ShapeInferenceTest, ConvAutoPadSameAndValid) {
  ExpectShape(OneNode("Conv", {{1, 4, 7, 7}, {4, 4, 3, 3}},
                      Attrs({{"auto_pad", std::string("SAME_UPPER")}, {"strides", Ints{2, 2}}})),
              {1, 4, 4, 4});
  ExpectShape(OneNode("Conv", {{1, 4, 7, 7}, {4, 4, 3, 3}},
                      Attrs({{"auto_pad", std::string("VALID")}, {"strides", Ints{2, 2}}})),
              {1, 4, 3, 3});
}

TEST(ShapeInferenceTest, SamePaddingSplitsOddTotalsByMode) {
  Node node{"c", "Conv", {}, {}, Attrs({{"auto_pad", std::string("SAME_UPPER")}})};
  absl::StatusOr<ConvGeometry> upper = ResolveConvGeometry(node, {1, 1, 6, 6}, {1, 1, 2, 2});
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(upper->window.pad_top, 0);
  EXPECT_EQ(upper->window.pad_bottom, 1);
  node.attributes.Set("auto_pad", std::string("SAME_LOWER"));
  absl::StatusOr<ConvGeometry> lower = ResolveConvGeometry(node, {1, 1, 6, 6}, {1, 1, 2, 2});
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(lower->window.pad_top, 1);
  EXPECT_EQ(lower->window.pad_bottom, 0);
}

TEST(ShapeInferenceTest, GroupedAndDepthwiseConv) {
  ExpectShape(OneNode("Conv", {{1, 32, 16, 16}, {32, 1, 3, 3}},
                      Attrs({{"group", int64_t{32}}, {"pads", Ints{1, 1, 1, 1}}})),
              {1, 32, 16, 16});
  ExpectError(OneNode("Conv", {{1, 32, 16, 16}, {32, 2, 3, 3}}, Attrs({{"group", int64_t{32}}})),
              "input channels");
}

TEST(ShapeInferenceTest, ConvShapeMismatchNamesTheNode) {
  ExpectError(OneNode("Conv", {{1, 3, 8, 8}, {4, 5, 3, 3}}), "Conv node 'n'");
  ExpectError(OneNode("Conv", {{1, 3, 2, 2}, {4, 3, 3, 3}}), "does not fit");
}

TEST(ShapeInferenceTest, PoolingCeilModeAndGlobal) {
  ExpectShape(OneNode("MaxPool", {{1, 1, 4, 4}},
                      Attrs({{"kernel_shape", Ints{3, 3}}, {"strides", Ints{2, 2}},
                             {"ceil_mode", int64_t{1}}})),
              {1, 1, 2, 2});
  ExpectShape(OneNode("MaxPool", {{1, 64, 112, 112}},
                      Attrs({{"kernel_shape", Ints{3, 3}}, {"strides", Ints{2, 2}},
                             {"pads", Ints{1, 1, 1, 1}}})),
              {1, 64, 56, 56});
  // SqueezeNet-style ceil_mode: 111 -> 55.
  ExpectShape(OneNode("MaxPool", {{1, 64, 111, 111}},
                      Attrs({{"kernel_shape", Ints{3, 3}}, {"strides", Ints{2, 2}},
                             {"ceil_mode", int64_t{1}}})),
              {1, 64, 55, 55});
  ExpectShape(OneNode("GlobalAveragePool", {{2, 7, 5, 3}}), {2, 7, 1, 1});
}

TEST(ShapeInferenceTest, GemmAndMatMul) {
  ExpectShape(OneNode("Gemm", {{2, 5}, {3, 5}, {3}}, Attrs({{"transB", int64_t{1}}})), {2, 3});
  ExpectError(OneNode("Gemm", {{2, 5}, {3, 5}}), "inner dimensions");
  ExpectShape(OneNode("MatMul", {{4, 2, 3}, {3, 6}}), {4, 2, 6});
  ExpectShape(OneNode("MatMul", {{3}, {3, 6}}), {6});
  ExpectShape(OneNode("MatMul", {{2, 1, 4, 3}, {5, 3, 2}}), {2, 5, 4, 2});
}

TEST(ShapeInferenceTest, BroadcastingBinaryOps) {
  ExpectShape(OneNode("Add", {{2, 1, 4}, {3, 1}}), {2, 3, 4});
  ExpectShape(OneNode("Mul", {{1, 8, 4, 4}, {1, 8, 1, 1}}), {1, 8, 4, 4});
  ExpectError(OneNode("Add", {{2, 3}, {4}}), "do not broadcast");
}

TEST(ShapeInferenceTest, ReshapeWithInferredAndCopiedDims) {
  ExpectShape(OneNode("Reshape", {{2, 3, 4}}).IntConstant({0, -1}), {2, 12});
  ExpectError(OneNode("Reshape", {{2, 3, 4}}).IntConstant({5, -1}), "cannot reshape");
}

// Found by //ir:mint8_model_fuzzer: the product of the target dims overflowed.
TEST(ShapeInferenceTest, ReshapeToAnOverflowingShapeIsAnError) {
  const int64_t big = int64_t{1} << 40;
  ExpectError(OneNode("Reshape", {{2, 3, 4}}).IntConstant({big, big, big}), "cannot reshape");
  ExpectError(OneNode("Reshape", {{2, 3, 4}}).IntConstant({big, big, -1}), "cannot reshape");
}

TEST(ShapeInferenceTest, OutputsOverTheElementLimitAreErrors) {
  const int64_t big = int64_t{1} << 30;
  ExpectError(OneNode("Add", {{big, 1}, {1, big}}), "more than 2^48 elements");
  EXPECT_EQ(NumElements({big, big, big}), INT64_MAX);
}

TEST(ShapeInferenceTest, ReshapeWaitsForNonConstantShape) {
  OneNode n("Reshape", {{2, 3, 4}, {2}});
  absl::StatusOr<Shape> got = n.Infer();
  ASSERT_FALSE(got.ok());  // the shape input is f32 here: a type error
}

TEST(ShapeInferenceTest, TensorManipulation) {
  ExpectShape(OneNode("Flatten", {{2, 3, 4, 5}}), {2, 60});
  ExpectShape(OneNode("Flatten", {{2, 3, 4, 5}}, Attrs({{"axis", int64_t{0}}})), {1, 120});
  ExpectShape(OneNode("Transpose", {{2, 3, 4}}, Attrs({{"perm", Ints{2, 0, 1}}})), {4, 2, 3});
  ExpectShape(OneNode("Transpose", {{2, 3, 4}}), {4, 3, 2});
  ExpectShape(OneNode("Squeeze", {{1, 3, 1, 2}}, Attrs({{"axes", Ints{-2}}})), {1, 3, 2});
  ExpectShape(OneNode("Squeeze", {{1, 3, 1, 2}}), {3, 2});
  ExpectShape(OneNode("Unsqueeze", {{3, 2}}, Attrs({{"axes", Ints{0, 3}}})), {1, 3, 2, 1});
  ExpectShape(OneNode("Concat", {{1, 2, 4}, {1, 5, 4}}, Attrs({{"axis", int64_t{1}}})), {1, 7, 4});
  ExpectError(OneNode("Concat", {{1, 2, 4}, {1, 5, 3}}, Attrs({{"axis", int64_t{1}}})),
              "does not match");
}

TEST(ShapeInferenceTest, SliceGatherPad) {
  ExpectShape(OneNode("Slice", {{10, 8}}).IntConstant({1, 0}).IntConstant({-1, 100}), {8, 8});
  ExpectShape(
      OneNode("Slice", {{10}}).IntConstant({-1}).IntConstant({-100}).IntConstant({0}).IntConstant({-3}),
      {4});
  ExpectShape(OneNode("Pad", {{1, 3, 4, 4}}).IntConstant({0, 0, 1, 2, 0, 0, 3, 4}), {1, 3, 8, 10});
  ExpectError(OneNode("Pad", {{1, 3, 4, 4}}, Attrs({{"mode", std::string("wrap")}}))
                  .IntConstant({0, 0, 1, 2, 0, 0, 3, 4}),
              "unsupported mode");
}

TEST(ShapeInferenceTest, ResizeByScalesAndSizes) {
  ExpectShape(OneNode("Resize", {{1, 3, 4, 5}}).Omitted().Omitted().IntConstant({1, 3, 8, 9}),
              {1, 3, 8, 9});
  ExpectError(OneNode("Resize", {{1, 3, 4, 5}}, Attrs({{"mode", std::string("cubic")}}))
                  .Omitted()
                  .Omitted()
                  .IntConstant({1, 3, 8, 9}),
              "cubic");
}

TEST(ShapeInferenceTest, UnsupportedOpAndAttributeAreNamed) {
  ExpectError(OneNode("Einsum", {{2}}), "'Einsum' is not supported");
  ExpectError(OneNode("Relu", {{2}}, Attrs({{"bogus", int64_t{1}}})), "unsupported attribute 'bogus'");
  ExpectError(OneNode("Conv", {{1, 1, 3, 3}, {1, 1, 1, 1}}, Attrs({{"group", 1.5f}})),
              "attribute 'group' is float");
}

TEST(ShapeInferenceTest, SymbolicBatchFlowsThroughElementwiseOps) {
  Graph g;
  g.AddTensor("x", DataType::kF32,
              Shape::FromDims({Dim::Symbolic("N"), Dim::Known(3)}));
  g.inputs() = {"x"};
  g.AddNode(Node{"r", "Relu", {"x"}, {"y"}, {}});
  g.outputs() = {"y"};
  ASSERT_TRUE(InferShapes(g).ok());
  EXPECT_EQ(g.FindTensor("y")->shape.ToString(), "[N,3]");
}

}  // namespace
}  // namespace mint8::ir
