#include "quantization/layer_report.h"

#include <algorithm>
#include <cmath>

#include "gtest/gtest.h"
#include "quantization/calibration/calibrator.h"
#include "tests/graph_builder.h"

namespace mint8::quantization {
namespace {

using Ints = std::vector<int64_t>;

// conv-relu (8 channels), conv (6 channels), global pooling, gemm.
ir::Graph Classifier() {
  testing::GraphBuilder b;
  b.Input("x", {1, 3, 10, 10})
      .Random("w1", {8, 3, 3, 3}, -0.5f, 0.5f)
      .Random("w2", {6, 8, 1, 1}, -0.3f, 0.3f);
  b.Random("wf", {4, 6}, -0.5f, 0.5f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, testing::Attrs({{"pads", Ints{1, 1, 1, 1}}}))
      .Node("Relu", {"c1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}).Node("GlobalAveragePool", {"c2"}, {"p"}).Node("Flatten", {"p"}, {"f"});
  b.Node("Gemm", {"f", "wf"}, {"y"}, testing::Attrs({{"transB", int64_t{1}}}));
  absl::StatusOr<ir::Graph> g = b.Output("y").Build();
  EXPECT_TRUE(g.ok()) << g.status();
  return g.ok() ? *std::move(g) : ir::Graph();
}

CalibrationImages Images(int64_t count) {
  return {count, [](int64_t i, float* chw) {
            for (int j = 0; j < 3 * 10 * 10; ++j) chw[j] = std::sin(0.7f * j + 1.1f * i);
            return absl::OkStatus();
          }};
}

TEST(LayerReportTest, ReportsEveryComputeLayer) {
  auto prepared = PrepareForQuantization(Classifier(), {});
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  auto stats = Calibrate(*prepared, Images(6), 3, nullptr);
  ASSERT_TRUE(stats.ok()) << stats.status();
  QuantizerOptions options;
  options.exclude_op_types = {"Gemm"};
  QuantizationReport quantization;
  auto int8 = QuantizeWithStatistics(*prepared, *stats, options, &quantization);
  ASSERT_TRUE(int8.ok()) << int8.status();

  auto report = BuildLayerReport(*prepared, *int8, *stats, quantization, Images(4));
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->images, 4);
  ASSERT_EQ(report->layers.size(), 3u);  // two convolutions and the gemm
  for (const LayerReportEntry& layer : report->layers) {
    SCOPED_TRACE(layer.node);
    // Measured on the tuning images: INT8 close to FP32, not equal.
    EXPECT_TRUE(std::isfinite(layer.sqnr_db));
    EXPECT_GT(layer.sqnr_db, 15.0);
    EXPECT_EQ(layer.histogram.size(), static_cast<size_t>(kReportBins));
    EXPECT_GT(layer.histogram_range, 0.0);
    EXPECT_LE(layer.observed_min, layer.observed_max);
  }
  const LayerReportEntry& conv1 = report->layers[0];
  EXPECT_EQ(conv1.op_type, "Conv");
  EXPECT_TRUE(conv1.int8);
  EXPECT_EQ(conv1.output_type, "u8");  // after its fused ReLU
  EXPECT_GT(conv1.threshold, 0.f);
  EXPECT_LE(conv1.threshold, conv1.observed_max * 1.001f);  // percentile: at most the max
  ASSERT_EQ(conv1.weight_min.size(), 8u);
  const ir::TensorInfo* w1 = prepared->FindTensor(prepared->nodes()[0]->inputs[1]);
  const float* w = w1->data->data<float>();
  EXPECT_EQ(conv1.weight_min[2], *std::min_element(w + 2 * 27, w + 3 * 27));
  EXPECT_EQ(conv1.weight_max[2], *std::max_element(w + 2 * 27, w + 3 * 27));
  double counted = 0;
  for (double h : conv1.histogram) counted += h;
  const TensorStatistics& s = stats->at(conv1.output);
  EXPECT_DOUBLE_EQ(counted, static_cast<double>(s.count() - s.zeros()));

  EXPECT_EQ(report->layers[1].weight_min.size(), 6u);
  const LayerReportEntry& gemm = report->layers[2];
  EXPECT_FALSE(gemm.int8);
  EXPECT_NE(gemm.fp32_reason, "");
  EXPECT_EQ(gemm.output_type, "f32");
  EXPECT_EQ(gemm.weight_min.size(), 4u);  // transB: [N, K], N = 4 outputs
}

}  // namespace
}  // namespace mint8::quantization
