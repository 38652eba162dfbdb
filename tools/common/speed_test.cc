#include "tools/common/speed.h"

#include <memory>
#include <vector>

#include "gtest/gtest.h"
#include "ir/graph.h"

namespace mint8::tools {
namespace {

std::unique_ptr<runtime::Session> ReluSession(int64_t batch) {
  ir::Graph g;
  g.AddTensor("x", ir::DataType::kF32, ir::Shape::Of({batch, 3, 8, 8}));
  g.AddTensor("y", ir::DataType::kF32, ir::Shape::Of({batch, 3, 8, 8}));
  g.AddNode(ir::Node{"relu", "Relu", {"x"}, {"y"}, {}});
  g.inputs() = {"x"};
  g.outputs() = {"y"};
  runtime::SessionOptions options;
  options.num_threads = 1;
  auto s = runtime::Session::Create(g, options);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(*s) : nullptr;
}

TEST(SpeedTest, PercentileIsTheNearestRank) {
  Speed s;
  EXPECT_EQ(s.Percentile(0.5), 0);
  s.latencies_ms = {5, 1, 4, 2, 3};
  EXPECT_EQ(s.Percentile(0), 1);
  EXPECT_EQ(s.Percentile(0.5), 3);
  EXPECT_EQ(s.Percentile(0.9), 5);  // rank 3.6 rounds to the largest
  EXPECT_EQ(s.Percentile(1), 5);
}

TEST(SpeedTest, InterleavedRunsEachModelEqually) {
  std::unique_ptr<runtime::Session> one = ReluSession(1), four = ReluSession(4);
  ASSERT_TRUE(one && four);
  SpeedOptions options;
  options.warmup = 1;
  options.min_iterations = 7;
  options.min_seconds = 0;
  absl::StatusOr<std::vector<Speed>> speeds = MeasureInterleaved({one.get(), four.get()}, options);
  ASSERT_TRUE(speeds.ok()) << speeds.status();
  ASSERT_EQ(speeds->size(), 2u);
  const double images_per_run[2] = {1, 4};  // images/s counts the batch
  for (int m = 0; m < 2; ++m) {
    const Speed& s = (*speeds)[m];
    EXPECT_EQ(s.latencies_ms.size(), 7u);
    double total = 0;
    for (double ms : s.latencies_ms) total += ms;
    EXPECT_GT(total, 0);
    EXPECT_NEAR(s.images_per_second, 1000 * images_per_run[m] * s.latencies_ms.size() / total,
                1e-9 * s.images_per_second);
  }
}

}  // namespace
}  // namespace mint8::tools
