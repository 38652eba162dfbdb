// MatMul of a 3-D activation by a constant 2-D matrix (a classifier head
// over a sequence, as in text recognizers) runs on oneDNN with the matrix
// packed once, equal to the reference backend.
#include "gtest/gtest.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::runtime {
namespace {

TEST(MatMulTest, ConstantLowerRankMatrixRunsOnOnednn) {
  testing::GraphBuilder b(6);
  b.Input("x", {2, 5, 12}).Random("w", {12, 7}).Node("MatMul", {"x", "w"}, {"y"}).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  std::unique_ptr<Session> onednn;
  absl::StatusOr<double> difference = testing::BackendDifference(*g, 8, &onednn);
  ASSERT_TRUE(difference.ok()) << difference.status();
  EXPECT_LT(*difference, 1e-5);
  ASSERT_EQ(onednn->plan().steps.size(), 1u);
  EXPECT_TRUE(testing::RunsOnOnednn(*onednn, "MatMul"));
}

}  // namespace
}  // namespace mint8::runtime
