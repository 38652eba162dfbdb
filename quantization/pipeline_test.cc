#include "quantization/pipeline.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "ir/serialization.h"
#include "quantization/calibration/calibration_cache.h"
#include "tests/graph_builder.h"

namespace mint8::quantization {
namespace {

using Ints = std::vector<int64_t>;

// conv-relu, depthwise conv-relu, global pooling, gemm: every compute op
// quantizable, and the first activation equalizable.
ir::Graph SmallClassifier() {
  testing::GraphBuilder b;
  b.Input("x", {1, 3, 16, 16}).Random("w1", {8, 3, 3, 3}, -0.4f, 0.4f).Random("b1", {8}, -0.1f, 0.1f);
  b.Random("w2", {8, 1, 3, 3}, -0.2f, 0.2f).Random("w3", {10, 8}, -0.5f, 0.5f);
  b.Node("Conv", {"x", "w1", "b1"}, {"c1"}, testing::Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Relu", {"c1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}, testing::Attrs({{"pads", Ints{1, 1, 1, 1}}, {"group", int64_t{8}}}));
  b.Node("Relu", {"c2"}, {"r2"}).Node("GlobalAveragePool", {"r2"}, {"p"}).Node("Flatten", {"p"}, {"f"});
  b.Node("Gemm", {"f", "w3"}, {"y"}, testing::Attrs({{"transB", int64_t{1}}}));
  absl::StatusOr<ir::Graph> g = b.Output("y").Build();
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? *std::move(g) : ir::Graph();
}

// `count` smooth images; `seed` makes other image sets.
CalibrationImages Images(int64_t count, int seed = 0) {
  return {count, [seed](int64_t i, float* chw) {
            for (int j = 0; j < 3 * 16 * 16; ++j) chw[j] = std::sin(0.37f * j + 1.3f * i + seed);
            return absl::OkStatus();
          }};
}

PipelineOptions Options(int64_t images, const std::string& cache = "") {
  PipelineOptions o;
  o.calibration = Images(images);
  o.calibration_description = std::to_string(images) + " sine images";
  o.calibration_batch_size = 4;
  o.tuning_images = 6;
  o.cache_path = cache;
  return o;
}

TEST(PipelineTest, QuantizesAndReusesTheCalibrationCacheForTheSameImagesOnly) {
  const ir::Graph model = SmallClassifier();
  const std::string cache = ::testing::TempDir() + "small.calib";
  std::remove(cache.c_str());
  PipelineOptions options = Options(12, cache);

  absl::StatusOr<PipelineResult> first = QuantizeModel(model, options);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_FALSE(first->cache_hit);
  EXPECT_FALSE(first->qat);
  EXPECT_GE(first->report.int8_nodes, 3);  // two convolutions and the gemm, at least
  EXPECT_TRUE(first->report.fp32_compute_nodes.empty());
  EXPECT_EQ(first->int8.metadata().at("calibration"), "12 sine images");
  EXPECT_FALSE(first->equalized.empty());
  if (TargetHasVnni(Int8Target::kHost)) {
    EXPECT_TRUE(first->modes.empty());
  } else {
    ASSERT_EQ(first->modes.size(), 2u);  // w7a8 and w8a7, best first
    EXPECT_LE(first->modes[0].relative_error, first->modes[1].relative_error);
  }

  absl::StatusOr<PipelineResult> second = QuantizeModel(model, options);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->cache_hit);  // the equalized graph's statistics too
  EXPECT_EQ(second->equalized.size(), first->equalized.size());
  EXPECT_EQ(ir::ToText(second->int8), ir::ToText(first->int8));

  // Other calibration images are calibrated afresh and replace the cache.
  options = Options(8, cache);
  absl::StatusOr<PipelineResult> third = QuantizeModel(model, options);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_FALSE(third->cache_hit);
  EXPECT_EQ(third->stale_cache_description, "12 sine images");
  EXPECT_EQ(third->int8.metadata().at("calibration"), "8 sine images");
  absl::StatusOr<PipelineResult> fourth = QuantizeModel(model, options);
  ASSERT_TRUE(fourth.ok()) << fourth.status();
  EXPECT_TRUE(fourth->cache_hit);
}

TEST(PipelineTest, FailedQuantizationLeavesNoCache) {
  const std::string cache = ::testing::TempDir() + "failed.calib";
  std::remove(cache.c_str());
  PipelineOptions options = Options(12, cache);
  options.quantizer.weight_bits = 3;  // rejected by the quantizer, after calibration
  ASSERT_FALSE(QuantizeModel(SmallClassifier(), options).ok());
  EXPECT_FALSE(std::ifstream(cache).good());
}

// The output model depends on the target named, not on the CPU that ran
// the quantization, and records it.
TEST(PipelineTest, TheTargetDecidesTheWidthsAndIsRecorded) {
  PipelineOptions options = Options(12);
  options.quantizer.target = Int8Target::kVnni;
  absl::StatusOr<PipelineResult> vnni = QuantizeModel(SmallClassifier(), options);
  ASSERT_TRUE(vnni.ok()) << vnni.status();
  EXPECT_EQ(vnni->report.weight_bits, 8);
  EXPECT_EQ(vnni->report.activation_bits, 8);
  EXPECT_TRUE(vnni->modes.empty());
  EXPECT_EQ(vnni->int8.metadata().at("int8_target"), "vnni");

  options.quantizer.target = Int8Target::kAvx2;
  absl::StatusOr<PipelineResult> avx2 = QuantizeModel(SmallClassifier(), options);
  ASSERT_TRUE(avx2.ok()) << avx2.status();
  ASSERT_EQ(avx2->modes.size(), 2u);  // w7a8 and w8a7 compared
  EXPECT_EQ(avx2->report.weight_bits + avx2->report.activation_bits, 15);
  EXPECT_EQ(avx2->int8.metadata().at("int8_target"), "avx2");
}

TEST(PipelineTest, FallbackKeepsTheMostSensitiveLayersFp32) {
  PipelineOptions options = Options(12);
  options.fp32_fallback_layers = 1;
  absl::StatusOr<PipelineResult> result = QuantizeModel(SmallClassifier(), options);
  ASSERT_TRUE(result.ok()) << result.status();
  ASSERT_EQ(result->fallback.size(), 1u);
  ASSERT_EQ(result->report.fp32_compute_nodes.size(), 1u);
  EXPECT_EQ(result->report.fp32_compute_nodes.begin()->first, result->fallback[0].node);
}

TEST(PipelineTest, PtqWithoutImagesAndQatWithoutQdqAreErrors) {
  const ir::Graph model = SmallClassifier();
  PipelineOptions options;
  EXPECT_EQ(QuantizeModel(model, options).status().code(), absl::StatusCode::kInvalidArgument);
  options = Options(0);
  EXPECT_EQ(QuantizeModel(model, options).status().code(), absl::StatusCode::kInvalidArgument);
  options = Options(4);
  options.mode = PipelineMode::kQat;
  EXPECT_EQ(QuantizeModel(model, options).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace mint8::quantization

namespace mint8::quantization {
namespace {

TEST(PipelineTest, CalibrationShardsMergeIntoTheSingleProcessCache) {
  const ir::Graph model = SmallClassifier();
  const std::string dir = ::testing::TempDir();
  const std::string single_cache = dir + "single.calib";
  std::remove(single_cache.c_str());
  absl::StatusOr<PipelineResult> single = QuantizeModel(model, Options(13, single_cache));
  ASSERT_TRUE(single.ok()) << single.status();
  ASSERT_FALSE(single->equalized.empty());  // shards must agree on the equalized graph

  std::vector<std::string> shards;
  for (int k = 2; k >= 0; --k) {  // any order
    PipelineOptions options = Options(13, dir + "shard" + std::to_string(k) + ".calib");
    options.calibration_shard = ImageShard{k, 3};
    ASSERT_TRUE(CalibrateShard(model, options).ok());
    shards.push_back(options.cache_path);
  }
  // A shard's file is not a cache by itself.
  absl::StatusOr<PipelineResult> from_shard = QuantizeModel(model, Options(13, shards[0]));
  ASSERT_FALSE(from_shard.ok());
  EXPECT_NE(from_shard.status().message().find("merge the shards"), std::string::npos) << from_shard.status();

  const std::string merged_cache = dir + "merged.calib";
  absl::StatusOr<std::string> description = MergeCalibrationShards(shards, merged_cache);
  ASSERT_TRUE(description.ok()) << description.status();
  EXPECT_EQ(*description, "13 sine images");
  absl::StatusOr<PipelineResult> merged = QuantizeModel(model, Options(13, merged_cache));
  ASSERT_TRUE(merged.ok()) << merged.status();
  EXPECT_TRUE(merged->cache_hit);
  EXPECT_EQ(ir::ToText(merged->int8), ir::ToText(single->int8));

  // Every shard, once.
  absl::StatusOr<std::string> missing = MergeCalibrationShards({shards[0], shards[2]}, dir + "bad.calib");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("missing: 1 of 3"), std::string::npos) << missing.status();
  EXPECT_FALSE(MergeCalibrationShards({shards[0], shards[1], shards[1]}, dir + "bad.calib").ok());
  EXPECT_FALSE(MergeCalibrationShards({shards[0], single_cache}, dir + "bad.calib").ok());
  std::ifstream bad(dir + "bad.calib");
  EXPECT_FALSE(bad.good());  // nothing written by a failed merge
}

TEST(PipelineTest, KeepsDepthwiseConvolutionsFp32WhereTheTimerFindsThemFaster) {
  const ir::Graph model = SmallClassifier();
  // FP32 depthwise 4% faster (above the margin) and 2% faster (below it).
  for (const double fp32_speed : {104.0, 102.0}) {
    PipelineOptions options = Options(8);
    options.quantizer.target = Int8Target::kAvx2;
    std::vector<size_t> timed;
    options.time_models =
        [&](const std::vector<const ir::Graph*>& models) -> absl::StatusOr<std::vector<double>> {
      timed.push_back(models.size());
      return std::vector<double>{100.0, fp32_speed};
    };
    absl::StatusOr<PipelineResult> result = QuantizeModel(model, options);
    ASSERT_TRUE(result.ok()) << result.status();
    ASSERT_TRUE(result->depthwise_precision.has_value());
    const DepthwisePrecision& choice = *result->depthwise_precision;
    ASSERT_EQ(choice.nodes.size(), 1u);
    EXPECT_EQ(timed, std::vector<size_t>{2});
    EXPECT_EQ(choice.fp32_images_per_second, fp32_speed);
    const bool fp32 = fp32_speed > 103.0;
    EXPECT_EQ(choice.kept_fp32, fp32);
    EXPECT_EQ(result->report.fp32_compute_nodes.count(choice.nodes[0]), fp32 ? 1u : 0u) << fp32_speed;
    const ir::Node* depthwise = result->int8.FindNode(choice.nodes[0]);
    ASSERT_NE(depthwise, nullptr);
    EXPECT_EQ(result->int8.FindTensor(depthwise->inputs[1])->dtype,
              fp32 ? ir::DataType::kF32 : ir::DataType::kS8)
        << "the weights of the model kept";
  }

  PipelineOptions options = Options(8);
  options.quantizer.target = Int8Target::kVnni;
  options.time_models = [](const std::vector<const ir::Graph*>&) -> absl::StatusOr<std::vector<double>> {
    ADD_FAILURE() << "timed for a VNNI target";
    return std::vector<double>{1.0, 1.0};
  };
  absl::StatusOr<PipelineResult> vnni = QuantizeModel(model, options);
  ASSERT_TRUE(vnni.ok()) << vnni.status();
  EXPECT_FALSE(vnni->depthwise_precision.has_value());

  options.quantizer.target = Int8Target::kAvx2;
  options.time_models = [](const std::vector<const ir::Graph*>&) -> absl::StatusOr<std::vector<double>> {
    return absl::UnavailableError("no timer here");
  };
  EXPECT_EQ(QuantizeModel(model, options).status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace mint8::quantization
