#include "quantization/calibration/calibration_cache.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "ir/file_io.h"

namespace mint8::quantization {
namespace {

ir::Graph ConvGraph(float first_weight) {
  ir::Graph g;
  g.AddTensor("x", ir::DataType::kF32, ir::Shape::Of({1, 2, 4, 4}));
  g.inputs() = {"x"};
  std::shared_ptr<ir::Buffer> w = ir::Buffer::Allocate(3 * 2 * sizeof(float));
  for (int i = 0; i < 6; ++i) w->mutable_data<float>()[i] = 0.25f * i;
  w->mutable_data<float>()[0] = first_weight;
  g.AddConstant("w", ir::DataType::kF32, {3, 2, 1, 1}, w);
  g.AddNode(ir::Node{"conv", "Conv", {"x", "w"}, {"y"}, {}});
  g.AddTensor("y", ir::DataType::kF32, ir::Shape::Of({1, 3, 4, 4}));
  g.outputs() = {"y"};
  return g;
}

StatisticsMap SomeStatistics() {
  StatisticsMap stats;
  const std::vector<float> x = {-1.5f, 0.f, 0.25f, 2.f, 0.f, 3.5f};
  EXPECT_TRUE(stats["x"].Observe(x.data(), x.size(), /*channels=*/2, /*inner=*/3).ok());
  const std::vector<float> y = {0.f, 7.f, 1.f};
  EXPECT_TRUE(stats["y"].Observe(y.data(), y.size()).ok());
  return stats;
}

void ExpectSameStatistics(const TensorStatistics& a, const TensorStatistics& b) {
  EXPECT_EQ(a.count(), b.count());
  EXPECT_EQ(a.zeros(), b.zeros());
  EXPECT_EQ(a.min(), b.min());
  EXPECT_EQ(a.max(), b.max());
  EXPECT_EQ(a.abs_max(), b.abs_max());
  EXPECT_EQ(a.range(), b.range());
  EXPECT_EQ(a.histogram(), b.histogram());
  EXPECT_EQ(a.ChannelMeans(), b.ChannelMeans());
  EXPECT_EQ(a.channel_abs_max(), b.channel_abs_max());
}

TEST(CalibrationCacheTest, RoundTripKeepsEveryStatistic) {
  const std::string path = ::testing::TempDir() + "roundtrip.calib";
  const StatisticsMap stats = SomeStatistics();
  const std::string fingerprint = GraphFingerprint(ConvGraph(1.f));
  ASSERT_TRUE(SaveCalibrationCache(path, fingerprint, "2 images, percentile", {{fingerprint, stats}}).ok());

  std::string description;
  absl::StatusOr<CachedStatistics> passes = LoadCalibrationCache(path, fingerprint, &description);
  ASSERT_TRUE(passes.ok()) << passes.status();
  ASSERT_EQ(passes->size(), 1u);
  const StatisticsMap* loaded = &passes->at(fingerprint);
  EXPECT_EQ(description, "2 images, percentile");
  ASSERT_EQ(loaded->size(), 2u);
  ExpectSameStatistics(loaded->at("x"), stats.at("x"));
  ExpectSameStatistics(loaded->at("y"), stats.at("y"));
  EXPECT_EQ(loaded->at("x").ChannelMeans(), (std::vector<double>{-1.25 / 3, 5.5 / 3}));
  EXPECT_EQ(loaded->at("x").channel_abs_max(), (std::vector<float>{1.5f, 3.5f}));
}

TEST(CalibrationCacheTest, KeepsEveryPassByKey) {
  const std::string path = ::testing::TempDir() + "passes.calib";
  const std::string fingerprint = GraphFingerprint(ConvGraph(1.f));
  StatisticsMap other;
  const std::vector<float> y = {4.f, -8.f};
  ASSERT_TRUE(other["y"].Observe(y.data(), y.size()).ok());
  ASSERT_TRUE(
      SaveCalibrationCache(path, fingerprint, "", {{"ranges", SomeStatistics()}, {"equalized", other}}).ok());

  absl::StatusOr<CachedStatistics> passes = LoadCalibrationCache(path, fingerprint, nullptr);
  ASSERT_TRUE(passes.ok()) << passes.status();
  ASSERT_EQ(passes->size(), 2u);
  ASSERT_EQ(passes->at("ranges").size(), 2u);
  ExpectSameStatistics(passes->at("ranges").at("x"), SomeStatistics().at("x"));
  ASSERT_EQ(passes->at("equalized").size(), 1u);
  ExpectSameStatistics(passes->at("equalized").at("y"), other.at("y"));
}

TEST(CalibrationCacheTest, CacheOfAnotherModelIsRefused) {
  const std::string path = ::testing::TempDir() + "other.calib";
  ASSERT_TRUE(
      SaveCalibrationCache(path, GraphFingerprint(ConvGraph(1.f)), "", {{"all", SomeStatistics()}}).ok());
  absl::StatusOr<CachedStatistics> loaded =
      LoadCalibrationCache(path, GraphFingerprint(ConvGraph(-1.f)), nullptr);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(loaded.status().message().find("another model"), std::string::npos);
}

TEST(CalibrationCacheTest, TruncatedOrMissingFileIsAClearError) {
  const std::string path = ::testing::TempDir() + "truncated.calib";
  const std::string fingerprint = GraphFingerprint(ConvGraph(1.f));
  ASSERT_TRUE(SaveCalibrationCache(path, fingerprint, "", {{"all", SomeStatistics()}}).ok());
  absl::StatusOr<std::string> bytes = ir::ReadFileToString(path);
  ASSERT_TRUE(bytes.ok());
  ASSERT_TRUE(ir::WriteStringToFileAtomically(path, bytes->substr(0, bytes->size() / 2)).ok());
  absl::StatusOr<CachedStatistics> loaded = LoadCalibrationCache(path, fingerprint, nullptr);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.status().code(), absl::StatusCode::kDataLoss);

  EXPECT_FALSE(LoadCalibrationCache(::testing::TempDir() + "missing.calib", fingerprint, nullptr).ok());
}

TEST(CalibrationCacheTest, FingerprintFollowsWeightsAndStructure) {
  const ir::Graph g = ConvGraph(1.f);
  EXPECT_EQ(GraphFingerprint(g), GraphFingerprint(ir::Graph(g)));
  EXPECT_NE(GraphFingerprint(g), GraphFingerprint(ConvGraph(2.f)));
  ir::Graph other_op = ConvGraph(1.f);
  other_op.FindNode("conv")->op_type = "ConvTranspose";
  EXPECT_NE(GraphFingerprint(g), GraphFingerprint(other_op));
}

}  // namespace
}  // namespace mint8::quantization
