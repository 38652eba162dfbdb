// Session behaviour: argument checking, concurrent runs, the arena plan and
// in-place residual sums.
#include "runtime/session.h"

#include <cmath>
#include <limits>
#include <thread>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "quantization/pipeline.h"
#include "tests/graph_builder.h"

namespace mint8::testing {
namespace {

using Ints = std::vector<int64_t>;

absl::StatusOr<ir::Graph> SmallNet() {
  GraphBuilder b;
  b.Input("x", {1, 8, 12, 12}).Random("w1", {8, 8, 3, 3}, -0.3f, 0.3f).Random("w2", {8, 8, 3, 3}, -0.3f, 0.3f);
  b.Random("w3", {10, 8 * 6 * 6}, -0.1f, 0.1f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Add", {"c2", "x"}, {"s"}).Node("Relu", {"s"}, {"r2"});
  b.Node("MaxPool", {"r2"}, {"p"}, Attrs({{"kernel_shape", Ints{2, 2}}, {"strides", Ints{2, 2}}}));
  b.Node("Flatten", {"p"}, {"f"}).Node("Gemm", {"f", "w3"}, {"y"}, Attrs({{"transB", int64_t{1}}}));
  return b.Output("y").Build();
}

std::unique_ptr<runtime::Session> Compile(const ir::Graph& g, runtime::Backend backend) {
  runtime::SessionOptions options;
  options.num_threads = 1;
  options.backend = backend;
  auto s = runtime::Session::Create(g, options);
  EXPECT_TRUE(s.ok()) << s.status();
  return s.ok() ? std::move(*s) : nullptr;
}

TEST(SessionTest, RejectsWrongShapesCountsAndNaN) {
  auto g = SmallNet();
  ASSERT_TRUE(g.ok());
  auto session = Compile(*g, runtime::Backend::kOnednn);
  std::vector<float> in(8 * 12 * 12, 0.5f), out(10);
  ir::MutableTensorView o{ir::DataType::kF32, {1, 10}, out.data()};
  ir::ConstTensorView wrong{ir::DataType::kF32, {1, 8, 12, 11}, in.data()};
  absl::Status s = session->Run({&wrong, 1}, {&o, 1});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("input 'x' must be f32 [1,8,12,12]"), absl::string_view::npos) << s;
  EXPECT_FALSE(session->Run({}, {&o, 1}).ok());
  in[17] = NAN;
  ir::ConstTensorView nan{ir::DataType::kF32, {1, 8, 12, 12}, in.data()};
  s = session->Run({&nan, 1}, {&o, 1});
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("element 17"), absl::string_view::npos) << s;
}

// The input check scans in runs of 16 without an early exit: a non-finite
// value anywhere (in a full run or the short last one: 105 = 6 * 16 + 9
// values) is found, the first one is named, and extreme finite values pass.
TEST(SessionTest, NamesTheFirstNonFiniteInputElement) {
  GraphBuilder b;
  b.Input("x", {1, 3, 5, 7}).Node("Relu", {"x"}, {"y"});
  auto g = b.Output("y").Build();
  ASSERT_TRUE(g.ok()) << g.status();
  auto session = Compile(*g, runtime::Backend::kOnednn);
  constexpr int64_t kValues = 3 * 5 * 7;
  std::vector<float> out(kValues);
  ir::MutableTensorView o{ir::DataType::kF32, {1, 3, 5, 7}, out.data()};
  std::vector<float> in(kValues, 0.25f);
  in[5] = std::numeric_limits<float>::max();
  in[6] = -std::numeric_limits<float>::denorm_min();
  ir::ConstTensorView view{ir::DataType::kF32, {1, 3, 5, 7}, in.data()};
  EXPECT_TRUE(session->Run({&view, 1}, {&o, 1}).ok());
  const float kBad[] = {NAN, std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity()};
  for (const int64_t at : {0, 17, 95, 96, 104}) {
    for (const float bad : kBad) {
      std::vector<float> x = in;
      x[at] = bad;
      if (at + 5 < kValues) x[at + 5] = NAN;
      const ir::ConstTensorView v{ir::DataType::kF32, {1, 3, 5, 7}, x.data()};
      const absl::Status s = session->Run({&v, 1}, {&o, 1});
      EXPECT_NE(s.message().find(absl::StrCat(" at element ", at, " ")), absl::string_view::npos) << s;
    }
  }
}

TEST(SessionTest, CompileErrorsNameTheProblem) {
  auto g = SmallNet();
  ASSERT_TRUE(g.ok());
  runtime::SessionOptions options;
  options.input_shapes["x"] = {1, 8, 10, 12};
  auto s = runtime::Session::Create(*g, options);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("differs in dimension 2"), absl::string_view::npos) << s.status();
  options.input_shapes = {{"nope", {1}}};
  s = runtime::Session::Create(*g, options);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("no input 'nope'"), absl::string_view::npos) << s.status();
}

// One session run from 8 threads at once gives, bit for bit, what sequential
// runs give: FP32 and INT8 (CI also runs this under ThreadSanitizer).
void ExpectConcurrentRunsMatchSequentialOnes(const runtime::Session& session) {
  constexpr int kThreads = 8;
  std::vector<std::vector<std::vector<float>>> inputs, want;
  for (uint32_t seed = 0; seed < 8; ++seed) {
    inputs.push_back(RandomInputs(session, seed));
    auto out = RunSession(session, inputs.back());
    ASSERT_TRUE(out.ok());
    want.push_back(*out);
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(kThreads, 0);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 16; ++i) {
        const int k = (t * 3 + i) % 8;
        auto out = RunSession(session, inputs[k]);
        if (!out.ok() || *out != want[k]) ++mismatches[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

TEST(SessionTest, ConcurrentRunsMatchSequentialOnesFp32) {
  auto g = SmallNet();
  ASSERT_TRUE(g.ok());
  auto session = Compile(*g, runtime::Backend::kOnednn);
  ExpectConcurrentRunsMatchSequentialOnes(*session);
}

TEST(SessionTest, ConcurrentRunsMatchSequentialOnesInt8) {
  auto g = SmallNet();
  ASSERT_TRUE(g.ok());
  quantization::PipelineOptions options;
  options.calibration = quantization::CalibrationImages{8, [](int64_t i, float* chw) {
                                                          for (int k = 0; k < 8 * 12 * 12; ++k) {
                                                            chw[k] = std::sin(0.1f * k + i);
                                                          }
                                                          return absl::OkStatus();
                                                        }};
  auto int8 = quantization::QuantizeModel(*g, options);
  ASSERT_TRUE(int8.ok()) << int8.status();
  EXPECT_GE(int8->report.int8_nodes, 3);
  auto session = Compile(int8->int8, runtime::Backend::kOnednn);
  ExpectConcurrentRunsMatchSequentialOnes(*session);
}

TEST(SessionTest, OwnContextGivesTheSameResults) {
  auto g = SmallNet();
  ASSERT_TRUE(g.ok());
  auto session = Compile(*g, runtime::Backend::kOnednn);
  const auto inputs = RandomInputs(*session, 3);
  auto pooled = RunSession(*session, inputs);
  ASSERT_TRUE(pooled.ok());
  auto context = session->NewContext();
  std::vector<float> out(10);
  ir::ConstTensorView in{ir::DataType::kF32, {1, 8, 12, 12}, inputs[0].data()};
  ir::MutableTensorView o{ir::DataType::kF32, {1, 10}, out.data()};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(session->Run(*context, {&in, 1}, {&o, 1}).ok());
    EXPECT_EQ(out, (*pooled)[0]);
  }
  std::vector<runtime::StepProfile> profile;
  ASSERT_TRUE(session->RunProfiled(*context, {&in, 1}, {&o, 1}, profile).ok());
  EXPECT_EQ(profile.size(), session->plan().steps.size());
}

TEST(SessionTest, ArenaReusesMemoryAndResidualSumIsInPlace) {
  auto g = SmallNet();
  ASSERT_TRUE(g.ok());
  auto session = Compile(*g, runtime::Backend::kOnednn);
  const runtime::ExecutionPlan& plan = session->plan();
  size_t total = 0;
  for (const runtime::PlanValue& v : plan.values) {
    if (v.storage == runtime::Storage::kArena) total += v.bytes;
  }
  EXPECT_LT(plan.arena_bytes, total);
  // The residual conv writes into the (reordered) copy of x, which nothing
  // reads afterwards: an alias, not a separate buffer plus a copy.
  int convs_with_alias_output = 0;
  for (const runtime::PlanStep& step : plan.steps) {
    if (step.kernel->op_type() != "Conv") continue;
    convs_with_alias_output += plan.values[step.outputs[0]].storage == runtime::Storage::kAlias;
  }
  EXPECT_EQ(convs_with_alias_output, 1);
  // And the results agree with the reference backend.
  auto reference = Compile(*g, runtime::Backend::kReference);
  const auto inputs = RandomInputs(*session, 5);
  auto got = RunSession(*session, inputs);
  auto want = RunSession(*reference, inputs);
  ASSERT_TRUE(got.ok() && want.ok());
  EXPECT_LT(MaxRelativeError(*got, *want), 1e-4);
}

TEST(SessionTest, ResidualStillNeededLaterIsCopiedNotOverwritten) {
  GraphBuilder b;
  b.Input("x", {1, 8, 6, 6}).Random("w", {8, 8, 1, 1});
  b.Node("Relu", {"x"}, {"r"}).Node("Conv", {"r", "w"}, {"c"});
  b.Node("Add", {"c", "r"}, {"s"}).Node("Mul", {"s", "r"}, {"y"});  // r read after the sum
  auto g = b.Output("y").Build();
  ASSERT_TRUE(g.ok());
  auto session = Compile(*g, runtime::Backend::kOnednn);
  auto reference = Compile(*g, runtime::Backend::kReference);
  const auto inputs = RandomInputs(*session, 9);
  auto got = RunSession(*session, inputs);
  auto want = RunSession(*reference, inputs);
  ASSERT_TRUE(got.ok() && want.ok());
  EXPECT_LT(MaxRelativeError(*got, *want), 1e-5);
}

}  // namespace
}  // namespace mint8::testing
