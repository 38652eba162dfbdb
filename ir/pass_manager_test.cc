#include "ir/pass_manager.h"

#include "gtest/gtest.h"

namespace mint8::ir {
namespace {

class FakePass : public Pass {
 public:
  FakePass(std::string name, uint32_t requires_props, uint32_t guarantees_props,
           bool break_graph = false)
      : name_(std::move(name)),
        requires_(requires_props),
        guarantees_(guarantees_props),
        break_graph_(break_graph) {}
  absl::string_view name() const override { return name_; }
  uint32_t requirements() const override { return requires_; }
  uint32_t guarantees() const override { return guarantees_; }
  absl::Status Run(Graph& graph) override {
    ++runs;
    if (break_graph_) graph.outputs().push_back("undefined_tensor");
    return absl::OkStatus();
  }
  int runs = 0;

 private:
  std::string name_;
  uint32_t requires_, guarantees_;
  bool break_graph_;
};

Graph OneRelu() {
  Graph g;
  g.AddTensor("x", DataType::kF32, Shape::Of({2}));
  g.AddTensor("y", DataType::kF32, Shape::Of({2}));
  g.inputs() = {"x"};
  g.outputs() = {"y"};
  g.AddNode(Node{"relu", "Relu", {"x"}, {"y"}, {}});
  return g;
}

TEST(PassManagerTest, RunsPassesWhoseRequirementsAreMet) {
  PassManager pm(PassManagerOptions{true});
  pm.Add(std::make_unique<FakePass>("shapes", 0, kShapesKnown));
  pm.Add(std::make_unique<FakePass>("fuse", kShapesKnown, kFused));
  Graph g = OneRelu();
  ASSERT_TRUE(pm.Run(g).ok());
  EXPECT_EQ(pm.properties(), kShapesKnown | kFused);
}

TEST(PassManagerTest, RejectsUnmetRequirementsNamingThePass) {
  PassManager pm;
  pm.Add(std::make_unique<FakePass>("fuse", kShapesKnown, kFused));
  Graph g = OneRelu();
  absl::Status s = pm.Run(g);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'fuse' requires"), absl::string_view::npos) << s;
  EXPECT_NE(s.message().find("shapes-known"), absl::string_view::npos) << s;
}

TEST(PassManagerTest, VerifierCatchesAPassThatBreaksTheGraph) {
  PassManager pm(PassManagerOptions{true});
  pm.Add(std::make_unique<FakePass>("breaker", 0, 0, /*break_graph=*/true));
  Graph g = OneRelu();
  absl::Status s = pm.Run(g);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("'breaker' left an invalid graph"), absl::string_view::npos) << s;
}

}  // namespace
}  // namespace mint8::ir
