#include "tools/common/ptq.h"

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "ir/serialization.h"
#include "kernels/onednn/engine.h"
#include "tests/graph_builder.h"
#include "tools/data/dataset.h"
#include "tools/data/preprocessing.h"

namespace mint8::tools {
namespace {

using Ints = std::vector<int64_t>;

// conv-relu, conv-relu, global pooling, gemm: every compute op quantizable.
ir::Graph SmallClassifier() {
  testing::GraphBuilder b;
  b.Input("x", {1, 3, 16, 16}).Random("w1", {8, 3, 3, 3}, -0.4f, 0.4f).Random("b1", {8}, -0.1f, 0.1f);
  b.Random("w2", {8, 8, 3, 3}, -0.2f, 0.2f).Random("w3", {10, 8}, -0.5f, 0.5f);
  b.Node("Conv", {"x", "w1", "b1"}, {"c1"}, testing::Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Relu", {"c1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}, testing::Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Relu", {"c2"}, {"r2"}).Node("GlobalAveragePool", {"r2"}, {"p"}).Node("Flatten", {"p"}, {"f"});
  b.Node("Gemm", {"f", "w3"}, {"y"}, testing::Attrs({{"transB", int64_t{1}}}));
  absl::StatusOr<ir::Graph> g = b.Output("y").Build();
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? *std::move(g) : ir::Graph();
}

std::unique_ptr<Dataset> SyntheticImages(int count) {
  absl::StatusOr<Preprocessing> p = PresetPreprocessing("torch", 16, 16);
  EXPECT_TRUE(p.ok()) << p.status();
  auto data = OpenDataset("synthetic:" + std::to_string(count), "", *p);
  EXPECT_TRUE(data.ok()) << data.status();
  return data.ok() ? *std::move(data) : nullptr;
}

PtqRequest Request(const Dataset* data) {
  PtqRequest r;
  r.calibration = data;
  r.images = 12;
  r.batch_size = 4;
  r.tuning_images = 6;
  r.quiet = true;
  return r;
}

TEST(PtqTest, QuantizesAndReusesTheCalibrationCache) {
  const ir::Graph model = SmallClassifier();
  std::unique_ptr<Dataset> data = SyntheticImages(20);
  ASSERT_TRUE(data);
  PtqRequest request = Request(data.get());
  request.cache_path = ::testing::TempDir() + "small.calib";
  std::remove(request.cache_path.c_str());

  absl::StatusOr<PtqResult> first = RunPtq(model, request);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->cache_hit);
  EXPECT_GE(first->report.int8_nodes, 3);  // two convolutions and the gemm, at least
  EXPECT_TRUE(first->report.fp32_compute_nodes.empty());
  EXPECT_EQ(first->int8.metadata().at("calibration"), "12 images of " + data->Describe());
  if (kernels::onednn::OnednnHasInt8Vnni()) {
    EXPECT_TRUE(first->modes.empty());
  } else {
    ASSERT_EQ(first->modes.size(), 2u);  // w7a8 and w8a7, best first
    EXPECT_LE(first->modes[0].relative_error, first->modes[1].relative_error);
  }

  absl::StatusOr<PtqResult> second = RunPtq(model, request);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->cache_hit);
  EXPECT_EQ(ir::ToText(second->int8), ir::ToText(first->int8));

  // Other calibration images (here: fewer of them) are calibrated afresh and
  // replace the cache.
  request.images = 8;
  absl::StatusOr<PtqResult> third = RunPtq(model, request);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_FALSE(third->cache_hit);
  EXPECT_EQ(third->stale_cache_description, "12 images of " + data->Describe());
  EXPECT_EQ(third->int8.metadata().at("calibration"), "8 images of " + data->Describe());
  absl::StatusOr<PtqResult> fourth = RunPtq(model, request);
  ASSERT_TRUE(fourth.ok()) << fourth.status();
  EXPECT_TRUE(fourth->cache_hit);
}

TEST(PtqTest, FailedQuantizationLeavesNoCache) {
  const ir::Graph model = SmallClassifier();
  std::unique_ptr<Dataset> data = SyntheticImages(20);
  ASSERT_TRUE(data);
  PtqRequest request = Request(data.get());
  request.cache_path = ::testing::TempDir() + "failed.calib";
  std::remove(request.cache_path.c_str());
  request.options.weight_bits = 3;  // rejected by the quantizer, after calibration
  ASSERT_FALSE(RunPtq(model, request).ok());
  EXPECT_FALSE(std::ifstream(request.cache_path).good());
}

TEST(PtqTest, FallbackKeepsTheMostSensitiveLayersFp32) {
  std::unique_ptr<Dataset> data = SyntheticImages(20);
  ASSERT_TRUE(data);
  PtqRequest request = Request(data.get());
  request.fp32_fallback_layers = 1;
  absl::StatusOr<PtqResult> result = RunPtq(SmallClassifier(), request);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->fallback.size(), 1u);
  ASSERT_EQ(result->report.fp32_compute_nodes.size(), 1u);
  EXPECT_EQ(result->report.fp32_compute_nodes.begin()->first, result->fallback[0].node);
}

TEST(PtqTest, MissingOrTooFewCalibrationImagesAreErrors) {
  const ir::Graph model = SmallClassifier();
  EXPECT_EQ(RunPtq(model, Request(nullptr)).status().code(), absl::StatusCode::kInvalidArgument);
  std::unique_ptr<Dataset> data = SyntheticImages(5);
  ASSERT_TRUE(data);
  absl::StatusOr<PtqResult> result = RunPtq(model, Request(data.get()));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.status().message().find("calibration needs 12 images; the calibration data has 5"),
            std::string::npos)
      << result.status();
}

}  // namespace
}  // namespace mint8::tools
