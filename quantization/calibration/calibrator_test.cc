#include "quantization/calibration/calibrator.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::quantization {
namespace {

using Ints = std::vector<int64_t>;
using testing::Attrs;

// x[1,3,12,12] -> Conv 3x3 (to 8) -> Relu -> Conv 1x1 (to 4) -> y.
ir::Graph SmallNetwork() {
  testing::GraphBuilder b(5);
  b.Input("x", {1, 3, 12, 12}).Random("w1", {8, 3, 3, 3}).Random("b1", {8}).Random("w2", {4, 8, 1, 1});
  b.Node("Conv", {"x", "w1", "b1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Relu", {"c1"}, {"r1"}).Node("Conv", {"r1", "w2"}, {"y"});
  absl::StatusOr<ir::Graph> g = b.Output("y").Build();
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? *std::move(g) : ir::Graph();
}

constexpr int64_t kPixels = 3 * 12 * 12;

// Magnitudes from 2^-20 to 2^19: the channel sums (in double) round, so
// the order in which images are added shows in their last bits.
CalibrationImages Images(int64_t count) {
  return {count, [](int64_t i, float* chw) {
            const float magnitude = std::ldexp(1.f, static_cast<int>((i * 7) % 40) - 20);
            for (int j = 0; j < kPixels; ++j) chw[j] = std::sin(0.37f * j + 1.3f * i) * magnitude;
            return absl::OkStatus();
          }};
}

// Calibration's workers are as many as UsableCores(), which reads
// OMP_NUM_THREADS.
StatisticsMap CalibrateWithWorkers(const ir::Graph& graph, const CalibrationImages& images, int64_t batch,
                                   int workers) {
  setenv("OMP_NUM_THREADS", std::to_string(workers).c_str(), 1);
  absl::StatusOr<StatisticsMap> stats = Calibrate(graph, images, batch, nullptr);
  unsetenv("OMP_NUM_THREADS");
  EXPECT_TRUE(stats.ok()) << stats.status();
  return stats.ok() ? *std::move(stats) : StatisticsMap();
}

// One image after the other through one session, observed in order: what
// calibration must equal, bit for bit, however many workers it runs.
StatisticsMap ObserveInOrder(const ir::Graph& graph, const CalibrationImages& images) {
  ir::Graph observed = graph;
  observed.outputs() = ObservedTensors(graph);
  runtime::SessionOptions options;
  options.optimize = false;
  options.num_threads = 1;
  // No kernel races, as in calibration: a timed direct-or-Winograd pick would
  // change the convolution's rounding with the machine's load.
  options.kernel_choice = runtime::KernelChoice::kOnednn;
  auto session = runtime::Session::Create(observed, options);
  EXPECT_TRUE(session.ok()) << session.status();
  if (!session.ok()) return {};
  StatisticsMap stats;
  std::vector<float> input(kPixels);
  for (int64_t i = 0; i < images.count; ++i) {
    EXPECT_TRUE(images.load(i, input.data()).ok());
    const ir::ConstTensorView in{ir::DataType::kF32, (*session)->inputs()[0].dims, input.data()};
    std::vector<std::vector<float>> data;
    std::vector<ir::MutableTensorView> outs;
    for (const runtime::TensorSpec& spec : (*session)->outputs())
      data.emplace_back(ir::NumElements(spec.dims));
    for (size_t t = 0; t < data.size(); ++t) {
      outs.push_back({ir::DataType::kF32, (*session)->outputs()[t].dims, data[t].data()});
    }
    EXPECT_TRUE((*session)->Run({&in, 1}, outs).ok());
    for (size_t t = 0; t < data.size(); ++t) {
      const ir::Dims& dims = outs[t].dims;
      const int64_t inner = ir::NumElements(dims) / (dims[0] * dims[1]);
      EXPECT_TRUE(stats[observed.outputs()[t]].Observe(data[t].data(), data[t].size(), dims[1], inner).ok());
    }
  }
  return stats;
}

void ExpectIdentical(const StatisticsMap& got, const StatisticsMap& want, const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  for (const auto& [name, w] : want) {
    ASSERT_EQ(got.count(name), 1u) << what << ": " << name;
    const TensorStatistics& g = got.at(name);
    EXPECT_EQ(g.count(), w.count()) << what << ": " << name;
    EXPECT_EQ(g.zeros(), w.zeros()) << what << ": " << name;
    EXPECT_EQ(g.min(), w.min()) << what << ": " << name;
    EXPECT_EQ(g.max(), w.max()) << what << ": " << name;
    EXPECT_EQ(g.range(), w.range()) << what << ": " << name;
    EXPECT_EQ(g.histogram(), w.histogram()) << what << ": " << name;
    EXPECT_EQ(g.channel_sums(), w.channel_sums()) << what << ": " << name;
    EXPECT_EQ(g.channel_abs_max(), w.channel_abs_max()) << what << ": " << name;
  }
}

TEST(CalibratorTest, SameBitsForAnyNumberOfWorkers) {
  const ir::Graph graph = SmallNetwork();
  const CalibrationImages images = Images(23);
  const StatisticsMap in_order = ObserveInOrder(graph, images);
  ASSERT_EQ(in_order.size(), 4u);  // x, c1, r1, y (an unfused graph)
  EXPECT_GT(in_order.at("r1").zeros(), 0);
  for (int workers : {1, 2, 5}) {
    ExpectIdentical(CalibrateWithWorkers(graph, images, 1, workers), in_order,
                    std::to_string(workers) + " workers");
  }
}

TEST(CalibratorTest, ShortLastBatchCountsOnlyItsImages) {
  const ir::Graph graph = SmallNetwork();
  const CalibrationImages images = Images(10);
  const StatisticsMap one = CalibrateWithWorkers(graph, images, 1, 2);
  const StatisticsMap four = CalibrateWithWorkers(graph, images, 4, 2);  // batches of 4, 4, 2
  for (const auto& [name, s] : one) {
    const TensorStatistics& b = four.at(name);
    EXPECT_EQ(b.count(), s.count()) << name;
    EXPECT_EQ(b.histogram(), s.histogram()) << name;  // counts: exact in any order
    EXPECT_EQ(b.min(), s.min()) << name;
    EXPECT_EQ(b.max(), s.max()) << name;
    for (size_t c = 0; c < s.channel_sums().size(); ++c) {
      EXPECT_NEAR(b.channel_sums()[c], s.channel_sums()[c], 1e-9 * (1 + std::fabs(s.channel_sums()[c])));
    }
  }
}

TEST(CalibratorTest, ReportsTheFirstFailingImage) {
  const ir::Graph graph = SmallNetwork();
  CalibrationImages images = Images(40);
  const auto good = images.load;
  images.load = [good](int64_t i, float* chw) {
    if (i == 17 || i == 31) return absl::DataLossError("image " + std::to_string(i) + " is unreadable");
    return good(i, chw);
  };
  images.parallel_load = true;
  setenv("OMP_NUM_THREADS", "3", 1);
  const absl::StatusOr<StatisticsMap> stats = Calibrate(graph, images, 2, nullptr);
  unsetenv("OMP_NUM_THREADS");
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(stats.status().message(), "image 17 is unreadable");
}

TEST(CalibratorTest, NamesTheTensorThatHoldsANaN) {
  const ir::Graph graph = SmallNetwork();
  CalibrationImages images = Images(8);
  const auto good = images.load;
  images.load = [good](int64_t i, float* chw) {
    absl::Status s = good(i, chw);
    if (i == 6) chw[5] = std::nanf("");
    return s;
  };
  const absl::StatusOr<StatisticsMap> stats = Calibrate(graph, images, 1, nullptr);
  ASSERT_FALSE(stats.ok());
  EXPECT_EQ(stats.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(stats.status().message().find("'x'"), std::string::npos) << stats.status();
}

TEST(CalibratorTest, ProgressRisesToEveryImage) {
  const ir::Graph graph = SmallNetwork();
  std::vector<int64_t> seen;
  setenv("OMP_NUM_THREADS", "3", 1);
  const absl::StatusOr<StatisticsMap> stats =
      Calibrate(graph, Images(11), 3, [&](int64_t done) { seen.push_back(done); });
  unsetenv("OMP_NUM_THREADS");
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(seen, (std::vector<int64_t>{3, 6, 9, 11}));
}

TEST(CalibratorTest, NoImagesIsAnError) {
  EXPECT_EQ(Calibrate(SmallNetwork(), Images(0), 1, nullptr).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mint8::quantization
