// MatMul of an activation of rank > 2 by a constant matrix (the linear
// layers of transformers, a recognizer's classifier over a sequence): the
// graph optimizer makes it one Gemm between free Reshape views, with its
// bias and activation fused, equal to the unfused ops on the reference
// backend; unoptimized, MatMul itself runs on oneDNN with the matrix packed.
#include "gtest/gtest.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::runtime {
namespace {

// `g` compiled with `optimization` is one oneDNN step running `op`, equal to
// the reference backend.
void ExpectOneOnednnStep(const ir::Graph& g, testing::Optimization optimization, const std::string& op) {
  std::unique_ptr<Session> onednn;
  absl::StatusOr<double> difference = testing::BackendDifference(g, 3, &onednn, optimization);
  ASSERT_TRUE(difference.ok()) << difference.status();
  EXPECT_LT(*difference, 1e-5);
  ASSERT_EQ(onednn->plan().steps.size(), 1u);
  EXPECT_TRUE(testing::RunsOnOnednn(*onednn, op));
}

TEST(MatMulTest, LinearLayerOverASequenceIsOneFusedGemm) {
  testing::GraphBuilder b(6);
  b.Input("x", {2, 5, 12}).Random("w", {12, 7}).Random("bias", {7});
  b.Node("MatMul", {"x", "w"}, {"m"})
      .Node("Add", {"m", "bias"}, {"a"})
      .Node("Gelu", {"a"}, {"y"})
      .Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  ExpectOneOnednnStep(*g, testing::Optimization::kOnednnOnly, "Gemm");
}

TEST(MatMulTest, UnoptimizedConstantLowerRankMatrixRunsOnOnednn) {
  testing::GraphBuilder b(6);
  b.Input("x", {2, 5, 12}).Random("w", {12, 7}).Node("MatMul", {"x", "w"}, {"y"}).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  ExpectOneOnednnStep(*g, testing::Optimization::kNeither, "MatMul");
}

}  // namespace
}  // namespace mint8::runtime
