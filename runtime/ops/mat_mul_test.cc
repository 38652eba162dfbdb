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

TEST(MatMulTest, LinearLayerOverASequenceIsOneFusedGemm) {
  testing::GraphBuilder b(6);
  b.Input("x", {2, 5, 12}).Random("w", {12, 7}).Random("bias", {7});
  b.Node("MatMul", {"x", "w"}, {"m"})
      .Node("Add", {"m", "bias"}, {"a"})
      .Node("Gelu", {"a"}, {"y"})
      .Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  SessionOptions unfused;
  unfused.backend = Backend::kReference;
  unfused.optimize = false;
  auto fused = Session::Create(*g, {});
  auto parts = Session::Create(*g, unfused);
  ASSERT_TRUE(fused.ok() && parts.ok());
  ASSERT_EQ((*fused)->plan().steps.size(), 1u);
  EXPECT_TRUE(testing::RunsOnOnednn(**fused, "Gemm"));
  const auto inputs = testing::RandomInputs(**fused, 3);
  auto y = testing::RunSession(**fused, inputs);
  auto want = testing::RunSession(**parts, inputs);
  ASSERT_TRUE(y.ok() && want.ok());
  EXPECT_LT(testing::MaxRelativeError(*y, *want), 1e-5);
}

TEST(MatMulTest, UnoptimizedConstantLowerRankMatrixRunsOnOnednn) {
  testing::GraphBuilder b(6);
  b.Input("x", {2, 5, 12}).Random("w", {12, 7}).Node("MatMul", {"x", "w"}, {"y"}).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  SessionOptions options;
  options.optimize = false;
  auto onednn = Session::Create(*g, options);
  options.backend = Backend::kReference;
  auto reference = Session::Create(*g, options);
  ASSERT_TRUE(onednn.ok() && reference.ok());
  ASSERT_EQ((*onednn)->plan().steps.size(), 1u);
  EXPECT_TRUE(testing::RunsOnOnednn(**onednn, "MatMul"));
  const auto inputs = testing::RandomInputs(**onednn, 8);
  auto a = testing::RunSession(**onednn, inputs);
  auto r = testing::RunSession(**reference, inputs);
  ASSERT_TRUE(a.ok() && r.ok());
  EXPECT_LT(testing::MaxRelativeError(*a, *r), 1e-5);
}

}  // namespace
}  // namespace mint8::runtime
