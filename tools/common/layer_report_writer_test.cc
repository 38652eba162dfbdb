#include "tools/common/layer_report_writer.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "tools/common/json_value.h"

namespace mint8::tools {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int Count(const std::string& text, const std::string& what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

quantization::LayerReport TwoLayers() {
  quantization::LayerReport report;
  report.images = 30;
  quantization::LayerReportEntry conv;
  conv.node = "conv<1>";
  conv.op_type = "Conv";
  conv.output = "c1";
  conv.int8 = true;
  conv.output_type = "u8";
  conv.sqnr_db = 31.25;
  conv.threshold = 5.5f;
  conv.observed_min = 0;
  conv.observed_max = 6;
  conv.histogram.assign(quantization::kReportBins, 0.0);
  conv.histogram[3] = 1000;
  conv.histogram[100] = 2;
  conv.histogram_range = 8;
  conv.weight_min = {-0.5f, -0.25f};
  conv.weight_max = {0.5f, 0.75f};
  quantization::LayerReportEntry gemm;
  gemm.node = "fc";
  gemm.op_type = "Gemm";
  gemm.output = "y";
  gemm.output_type = "f32";
  gemm.fp32_reason = "kept FP32 by the accuracy budget";
  gemm.sqnr_db = std::numeric_limits<double>::quiet_NaN();
  return {std::vector<quantization::LayerReportEntry>{conv, gemm}, 30};
}

TEST(LayerReportWriterTest, WritesMarkdownJsonAndHtml) {
  const std::string dir = ::testing::TempDir() + "/layer_report";
  ASSERT_TRUE(WriteLayerReport(dir, "m.onnx", {{"activations", "percentile 99.99"}}, TwoLayers()).ok());

  auto json = ParseJson(Read(dir + "/report.json"));
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_EQ(json->Find("images")->number, 30);
  EXPECT_EQ(json->Find("summary")->Find("activations")->string, "percentile 99.99");
  const auto& layers = json->Find("layers")->array;
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].Find("node")->string, "conv<1>");
  EXPECT_DOUBLE_EQ(layers[0].Find("sqnr_db")->number, 31.25);
  EXPECT_DOUBLE_EQ(layers[0].Find("threshold")->number, 5.5);
  EXPECT_EQ(layers[0].Find("histogram")->array.size(), static_cast<size_t>(quantization::kReportBins));
  EXPECT_DOUBLE_EQ(layers[0].Find("weight_max")->array[1].number, 0.75);
  EXPECT_EQ(layers[1].Find("sqnr_db")->type, JsonValue::Type::kNull);  // not observable
  EXPECT_EQ(layers[1].Find("fp32_reason")->string, "kept FP32 by the accuracy budget");

  const std::string md = Read(dir + "/report.md");
  EXPECT_TRUE(absl::StrContains(md, "| 0 | conv&lt;1&gt; | Conv | INT8 (u8) | 31.2 | 5.5 |")) << md;
  EXPECT_TRUE(absl::StrContains(md, "| 1 | fc | Gemm | FP32 | - |")) << md;

  const std::string html = Read(dir + "/report.html");
  EXPECT_TRUE(absl::StartsWith(html, "<!DOCTYPE html>"));
  EXPECT_EQ(Count(html, "<section class=\"layer\">"), 2);
  EXPECT_EQ(Count(html, "<svg class=\"histogram\""), 1);  // the FP32 gemm has no histogram
  EXPECT_EQ(Count(html, "<svg class=\"weights\""), 1);
  EXPECT_EQ(Count(html, "<svg class=\"sqnr\""), 1);
  // The threshold line sits at 5.5 / 8 of the histogram's width.
  EXPECT_TRUE(absl::StrContains(html, "data-threshold=\"5.5\" x1=\"440.00\"")) << html;
  EXPECT_FALSE(absl::StrContains(html, "<script"));
  EXPECT_EQ(Count(html, "<svg"), Count(html, "</svg>"));
}

TEST(LayerReportWriterTest, RefusesADirectoryWhoseParentIsMissing) {
  const absl::Status s = WriteLayerReport(::testing::TempDir() + "/no/such/parent", "m", {}, TwoLayers());
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(absl::StrContains(s.message(), "cannot create")) << s;
}

}  // namespace
}  // namespace mint8::tools
