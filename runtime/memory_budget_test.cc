#include "runtime/memory_budget.h"

#include <cstdint>

#include "gtest/gtest.h"
#include "ir/graph.h"
#include "runtime/session.h"

namespace mint8::runtime {
namespace {

ir::Graph Relu(ir::Dims dims) {
  ir::Graph g;
  g.AddTensor("x", ir::DataType::kF32, ir::Shape::Of(dims));
  g.AddTensor("y", ir::DataType::kF32, ir::Shape::Of(dims));
  g.AddNode(ir::Node{"relu", "Relu", {"x"}, {"y"}, {}});
  g.inputs() = {"x"};
  g.outputs() = {"y"};
  return g;
}

TEST(MemoryBudgetTest, CountsEveryTensor) {
  const ir::Graph g = Relu({2, 3, 4, 5});  // 2 x 480 bytes
  EXPECT_TRUE(CheckMemoryBudget(g, 960).ok());
  const absl::Status over = CheckMemoryBudget(g, 959);
  EXPECT_EQ(over.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(over.message().find("x [2,3,4,5]"), absl::string_view::npos) << over;
}

TEST(MemoryBudgetTest, SizesBeyond64BitsAreErrorsNotOverflows) {
  const absl::Status s = CheckMemoryBudget(Relu({1, 3, int64_t{1} << 40, int64_t{1} << 30}), INT64_MAX);
  EXPECT_EQ(s.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("too large"), absl::string_view::npos) << s;
}

TEST(MemoryBudgetTest, DefaultIsAFractionOfPhysicalMemory) {
  EXPECT_GT(DefaultMemoryBudgetBytes(), int64_t{1} << 28);
}

TEST(MemoryBudgetTest, SessionsRefuseHugeBatchesAndThreadCounts) {
  SessionOptions options;
  options.batch_size = int64_t{1} << 40;
  auto huge = Session::Create(Relu({1, 3, 224, 224}), options);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.status().code(), absl::StatusCode::kResourceExhausted) << huge.status();
  options.batch_size = 2;
  options.memory_budget_bytes = 1000;
  EXPECT_EQ(Session::Create(Relu({1, 3, 224, 224}), options).status().code(), absl::StatusCode::kResourceExhausted);
  options.memory_budget_bytes = 0;
  for (int threads : {-1, kMaxThreads + 1, 100000}) {
    options.num_threads = threads;
    EXPECT_EQ(Session::Create(Relu({1, 3, 8, 8}), options).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace mint8::runtime
