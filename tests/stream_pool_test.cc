// StreamPool: many callers over a few streams get exactly what one Session
// run gives, bad requests fail alone, and the pool's arguments are checked.
#include "runtime/stream_pool.h"

#include <thread>

#include "gtest/gtest.h"
#include "tests/graph_builder.h"

namespace mint8::testing {
namespace {

using Ints = std::vector<int64_t>;

absl::StatusOr<ir::Graph> SmallNet() {
  GraphBuilder b(5);
  b.Input("x", {1, 16, 10, 10})
      .Random("w1", {16, 1, 3, 3}, -0.5f, 0.5f)
      .Random("w2", {8, 16, 1, 1}, -0.3f, 0.3f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"group", int64_t{16}}}));
  b.Node("Relu", {"c1"}, {"r1"}).Node("Conv", {"r1", "w2"}, {"y"});
  return b.Output("y").Build();
}

TEST(StreamPoolTest, ConcurrentCallersGetTheSessionsResults) {
  auto graph = SmallNet();
  ASSERT_TRUE(graph.ok()) << graph.status();
  runtime::SessionOptions options;
  options.num_threads = 1;
  auto pool = runtime::StreamPool::Create(*graph, options, 2);
  ASSERT_TRUE(pool.ok()) << pool.status();
  EXPECT_EQ((*pool)->streams(), 2);
  const runtime::Session& session = (*pool)->session();

  constexpr int kCallers = 6, kRequests = 5;
  std::vector<std::vector<std::vector<float>>> inputs(kCallers * kRequests), want(kCallers * kRequests);
  for (int r = 0; r < kCallers * kRequests; ++r) {
    inputs[r] = RandomInputs(session, 100 + r);
    auto y = RunSession(session, inputs[r]);
    ASSERT_TRUE(y.ok()) << y.status();
    want[r] = *y;
  }
  std::vector<std::vector<float>> got(kCallers * kRequests, std::vector<float>(want[0][0].size()));
  std::vector<absl::Status> status(kCallers * kRequests);
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      for (int i = 0; i < kRequests; ++i) {
        const int r = c * kRequests + i;
        const runtime::TensorSpec& in = session.inputs()[0];
        const runtime::TensorSpec& out = session.outputs()[0];
        ir::ConstTensorView x{in.dtype, in.dims, inputs[r][0].data()};
        ir::MutableTensorView y{out.dtype, out.dims, got[r].data()};
        status[r] = (*pool)->Run({&x, 1}, {&y, 1});
      }
    });
  }
  for (std::thread& t : callers) t.join();
  for (int r = 0; r < kCallers * kRequests; ++r) {
    ASSERT_TRUE(status[r].ok()) << status[r];
    EXPECT_EQ(got[r], want[r][0]) << "request " << r;
  }
}

TEST(StreamPoolTest, ABadRequestFailsAloneAndTheArgumentsAreChecked) {
  auto graph = SmallNet();
  ASSERT_TRUE(graph.ok()) << graph.status();
  runtime::SessionOptions options;
  options.num_threads = 1;
  EXPECT_FALSE(runtime::StreamPool::Create(*graph, options, 0).ok());
  options.num_threads = runtime::kMaxThreads;
  EXPECT_FALSE(runtime::StreamPool::Create(*graph, options, 2).ok());
  options.num_threads = 1;
  auto pool = runtime::StreamPool::Create(*graph, options, 2);
  ASSERT_TRUE(pool.ok()) << pool.status();
  std::vector<float> x(16 * 10 * 9, 0.1f), y(8 * 10 * 10);
  ir::ConstTensorView wrong{ir::DataType::kF32, {1, 16, 10, 9}, x.data()};
  ir::MutableTensorView out{ir::DataType::kF32, {1, 8, 10, 10}, y.data()};
  const absl::Status s = (*pool)->Run({&wrong, 1}, {&out, 1});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("must be f32 [1,16,10,10]"), absl::string_view::npos) << s;
  x.resize(16 * 10 * 10, 0.1f);
  ir::ConstTensorView right{ir::DataType::kF32, {1, 16, 10, 10}, x.data()};
  EXPECT_TRUE((*pool)->Run({&right, 1}, {&out, 1}).ok());
}

}  // namespace
}  // namespace mint8::testing
