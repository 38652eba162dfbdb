// Abs, added as docs/adding_an_operator.md describes: imported by name, shape
// inferred, on oneDNN in a session, equal to the reference backend.
#include <cmath>

#include "gtest/gtest.h"
#include "ir/op_schema.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::runtime {
namespace {

TEST(AbsTest, RunsOnOnednnAndMatchesTheReference) {
  ASSERT_NE(ir::FindOpSchema("Abs"), nullptr);
  EXPECT_NE(ir::TraitsOf("Abs").non_negative_output, nullptr);
  testing::GraphBuilder b;
  b.Input("x", {2, 3, 4, 5}).Node("Abs", {"x"}, {"y"}).Output("y");
  absl::StatusOr<ir::Graph> graph = b.Build();
  ASSERT_TRUE(graph.ok()) << graph.status();
  auto onednn = Session::Create(*graph, {});
  ASSERT_TRUE(onednn.ok()) << onednn.status();
  SessionOptions reference_options;
  reference_options.backend = Backend::kReference;
  auto reference = Session::Create(*graph, reference_options);
  ASSERT_TRUE(reference.ok()) << reference.status();
  ASSERT_EQ((*onednn)->plan().steps.size(), 1u);
  EXPECT_EQ((*onednn)->plan().steps[0].note, "");  // not on the reference kernel

  const auto inputs = testing::RandomInputs(**onednn, 3);
  auto a = testing::RunSession(**onednn, inputs);
  auto r = testing::RunSession(**reference, inputs);
  ASSERT_TRUE(a.ok() && r.ok());
  for (size_t i = 0; i < inputs[0].size(); ++i) {
    EXPECT_EQ((*a)[0][i], std::fabs(inputs[0][i]));
    EXPECT_EQ((*r)[0][i], std::fabs(inputs[0][i]));
  }
}

}  // namespace
}  // namespace mint8::runtime
