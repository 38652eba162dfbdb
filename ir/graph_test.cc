#include "ir/graph.h"

#include "gtest/gtest.h"

namespace mint8::ir {
namespace {

Graph Chain() {
  Graph g;
  g.AddTensor("x", DataType::kF32, Shape::Of({1, 4}));
  g.inputs().push_back("x");
  g.AddNode(Node{"b", "Relu", {"a_out"}, {"b_out"}, {}});
  g.AddNode(Node{"a", "Relu", {"x"}, {"a_out"}, {}});
  g.AddTensor("a_out", DataType::kF32, Shape::Of({1, 4}));
  g.AddTensor("b_out", DataType::kF32, Shape::Of({1, 4}));
  g.outputs().push_back("b_out");
  return g;
}

TEST(GraphTest, TopologicalSortOrdersProducersFirst) {
  Graph g = Chain();
  ASSERT_TRUE(g.TopologicalSort().ok());
  EXPECT_EQ(g.nodes()[0]->name, "a");
  EXPECT_EQ(g.nodes()[1]->name, "b");
}

TEST(GraphTest, TopologicalSortRejectsCycles) {
  Graph g;
  g.AddNode(Node{"a", "Relu", {"t2"}, {"t1"}, {}});
  g.AddNode(Node{"b", "Relu", {"t1"}, {"t2"}, {}});
  absl::Status s = g.TopologicalSort();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("cycle"), absl::string_view::npos) << s;
}

TEST(GraphTest, TopologicalSortRejectsUndefinedInputs) {
  Graph g;
  g.AddNode(Node{"a", "Relu", {"nowhere"}, {"t1"}, {}});
  absl::Status s = g.TopologicalSort();
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("nowhere"), absl::string_view::npos) << s;
}

TEST(GraphTest, TopologicalSortRejectsTwoProducers) {
  Graph g = Chain();
  g.AddNode(Node{"c", "Relu", {"x"}, {"b_out"}, {}});
  EXPECT_FALSE(g.TopologicalSort().ok());
}

TEST(GraphTest, UseDefQueries) {
  Graph g = Chain();
  ASSERT_TRUE(g.TopologicalSort().ok());
  EXPECT_EQ(g.Producer("a_out")->name, "a");
  EXPECT_EQ(g.Producer("x"), nullptr);
  ASSERT_EQ(g.Consumers("a_out").size(), 1u);
  EXPECT_EQ(g.Consumers("a_out")[0]->name, "b");
  EXPECT_EQ(g.NumUses("b_out"), 1);  // the graph output
  EXPECT_TRUE(g.IsGraphOutput("b_out"));
  g.ReplaceAllUses("b_out", "a_out");
  EXPECT_EQ(g.outputs()[0], "a_out");
  EXPECT_EQ(g.NumUses("a_out"), 2);
}

TEST(GraphTest, CopiesShareWeightsButNotNodes) {
  Graph g = Chain();
  g.AddConstant("w", DataType::kF32, {2}, Buffer::Allocate(8));
  Graph copy = g;
  EXPECT_EQ(copy.FindTensor("w")->data.get(), g.FindTensor("w")->data.get());
  copy.RemoveNode(copy.FindNode("a"));
  EXPECT_EQ(g.num_nodes(), 2);
  EXPECT_EQ(copy.num_nodes(), 1);
}

TEST(GraphTest, UniqueNamesAvoidExistingOnes) {
  Graph g = Chain();
  EXPECT_EQ(g.UniqueTensorName("x"), "x_1");
  EXPECT_EQ(g.UniqueTensorName("fresh"), "fresh");
  EXPECT_EQ(g.UniqueNodeName("a"), "a_1");
}

TEST(GraphTest, RemoveUnusedTensorsKeepsReferencedOnes) {
  Graph g = Chain();
  g.AddTensor("orphan", DataType::kF32, Shape::Of({1}));
  g.RemoveUnusedTensors();
  EXPECT_EQ(g.FindTensor("orphan"), nullptr);
  EXPECT_NE(g.FindTensor("a_out"), nullptr);
}

}  // namespace
}  // namespace mint8::ir
