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
  SessionOptions reference_options;
  reference_options.backend = Backend::kReference;
  auto onednn = Session::Create(*g, {});
  auto reference = Session::Create(*g, reference_options);
  ASSERT_TRUE(onednn.ok() && reference.ok()) << onednn.status() << reference.status();
  ASSERT_EQ((*onednn)->plan().steps.size(), 1u);
  EXPECT_EQ((*onednn)->plan().steps[0].note, "");
  const auto inputs = testing::RandomInputs(**onednn, 8);
  auto a = testing::RunSession(**onednn, inputs);
  auto r = testing::RunSession(**reference, inputs);
  ASSERT_TRUE(a.ok() && r.ok());
  EXPECT_LT(testing::MaxRelativeError(*a, *r), 1e-5);
}

}  // namespace
}  // namespace mint8::runtime
