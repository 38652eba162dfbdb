// QDQ ONNX export: a PTQ-quantized network exported as QDQ ONNX passes the
// ONNX checker, and re-importing it as a QAT model gives back the same INT8
// model (same scales, same weights, bit-identical outputs), for every width
// combination.
#include <cmath>
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "ir/onnx/exporter.h"
#include "ir/onnx/importer.h"
#include "onnx/checker.h"
#include "quantization/calibration/calibrator.h"
#include "quantization/quantizer.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8 {
namespace {

using Ints = std::vector<int64_t>;
using testing::Attrs;
using testing::GraphBuilder;

ir::Graph Network() {
  GraphBuilder b(7);
  b.Input("x", {1, 3, 12, 12});
  b.Random("w1", {16, 3, 3, 3}, -0.5f, 0.5f).Random("b1", {16}, -0.1f, 0.1f);
  b.Random("w2", {16, 16, 3, 3}, -0.15f, 0.15f).Random("w3", {16, 1, 3, 3}, -0.5f, 0.5f);
  b.Random("w4", {8, 16, 1, 1}, -0.4f, 0.4f)
      .Random("fc", {10, 24}, -0.5f, 0.5f)
      .Random("fcb", {10}, -0.1f, 0.1f);
  b.Node("Conv", {"x", "w1", "b1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Add", {"c2", "r1"}, {"s"}).Node("Relu", {"s"}, {"r2"});
  b.Node("MaxPool", {"r2"}, {"p"}, Attrs({{"kernel_shape", Ints{2, 2}}, {"strides", Ints{2, 2}}}));
  b.Node("Conv", {"p", "w3"}, {"c3"}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"group", int64_t{16}}}));
  b.Node("Clip", {"c3"}, {"a"}, Attrs({{"min", 0.f}, {"max", 6.f}}));
  b.Node("Conv", {"p", "w4"}, {"c4"}).Node("Relu", {"c4"}, {"r4"});
  b.Node("Concat", {"a", "r4"}, {"cat"}, Attrs({{"axis", int64_t{1}}}));
  // ShuffleNet's channel shuffle (one ChannelShuffle node once optimized).
  b.Ints("grouped", {1, 2, 12, 6, 6}).Ints("flat", {1, 24, 6, 6});
  b.Node("Reshape", {"cat", "grouped"}, {"g"});
  b.Node("Transpose", {"g"}, {"t"}, Attrs({{"perm", Ints{0, 2, 1, 3, 4}}}));
  b.Node("Reshape", {"t", "flat"}, {"shuffled"});
  b.Node("GlobalAveragePool", {"shuffled"}, {"gap"}).Node("Flatten", {"gap"}, {"f"});
  b.Node("Gemm", {"f", "fc", "fcb"}, {"y"}, Attrs({{"transB", int64_t{1}}})).Output("y");
  return *b.Build();
}

quantization::CalibrationImages Images(int count) {
  return {count, [](int64_t i, float* chw) {
            for (int j = 0; j < 3 * 12 * 12; ++j) chw[j] = std::sin(0.41f * j + 1.7f * i) * 1.2f;
            return absl::OkStatus();
          }};
}

// The quantization of every non-constant INT8 tensor, by name.
std::map<std::string, ir::Quantization> ActivationScales(const ir::Graph& g) {
  std::map<std::string, ir::Quantization> out;
  for (const auto& [name, t] : g.tensors()) {
    if (!t.is_constant() && t.quantization) out[name] = *t.quantization;
  }
  return out;
}

// Weights and biases of the INT8 compute nodes, by node name.
std::map<std::string, std::vector<int32_t>> Parameters(const ir::Graph& g) {
  std::map<std::string, std::vector<int32_t>> out;
  for (const auto& n : g.nodes()) {
    if (n->op_type != "Conv" && n->op_type != "Gemm") continue;
    for (size_t i = 1; i < 3 && i < n->inputs.size(); ++i) {
      const ir::TensorInfo* t = g.FindConstant(n->inputs[i]);
      if (t == nullptr || !t->quantization) continue;
      std::vector<int32_t>& v = out[n->name];
      for (int64_t k = 0; k < t->shape.NumElements(); ++k) {
        v.push_back(t->dtype == ir::DataType::kS8 ? t->data->data<int8_t>()[k] : t->data->data<int32_t>()[k]);
      }
    }
  }
  return out;
}

class QdqRoundTripTest : public ::testing::TestWithParam<std::pair<int, int>> {};

TEST_P(QdqRoundTripTest, ExportThenConvertGivesTheSameInt8Model) {
  const auto [weight_bits, activation_bits] = GetParam();
  auto prepared = quantization::PrepareForQuantization(Network(), {});
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  auto stats = quantization::Calibrate(*prepared, Images(8), 4, nullptr);
  ASSERT_TRUE(stats.ok()) << stats.status();
  quantization::QuantizerOptions options;
  options.weight_bits = weight_bits;
  options.activation_bits = activation_bits;
  auto int8 = quantization::QuantizeWithStatistics(*prepared, *stats, options, nullptr);
  ASSERT_TRUE(int8.ok()) << int8.status();

  auto proto = ir::ExportOnnxModel(*int8);
  ASSERT_TRUE(proto.ok()) << proto.status();
  EXPECT_NO_THROW(::onnx::checker::check_model(*proto));
  std::string bytes;
  ASSERT_TRUE(proto->SerializeToString(&bytes));
  ::onnx::ModelProto parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  auto imported = ir::ImportOnnxModel(parsed, "");
  ASSERT_TRUE(imported.ok()) << imported.status();
  ASSERT_TRUE(quantization::HasQdqNodes(*imported));

  auto qat = quantization::PrepareQatModel(*imported, {});
  ASSERT_TRUE(qat.ok()) << qat.status();
  options.bias_correction = false;
  options.harvested_scales = qat->scales;
  quantization::QuantizationReport report;
  auto back = quantization::QuantizeWithStatistics(qat->graph, {}, options, &report);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_TRUE(report.fp32_compute_nodes.empty());

  const auto original_scales = ActivationScales(*int8), round_trip_scales = ActivationScales(*back);
  int compared = 0;
  for (const auto& [name, q] : original_scales) {
    auto it = round_trip_scales.find(name);
    // The image input's quantized copy: 7-bit inputs come back behind an FP32 Clip.
    if (it == round_trip_scales.end()) continue;
    ++compared;
    EXPECT_EQ(it->second, q) << name;
  }
  EXPECT_GE(compared, static_cast<int>(original_scales.size()) - 1);
  EXPECT_EQ(Parameters(*back), Parameters(*int8));

  for (runtime::Backend backend : {runtime::Backend::kReference, runtime::Backend::kOnednn}) {
    runtime::SessionOptions session_options;
    session_options.backend = backend;
    auto a = runtime::Session::Create(*int8, session_options);
    auto b = runtime::Session::Create(*back, session_options);
    ASSERT_TRUE(a.ok() && b.ok());
    for (uint32_t seed = 1; seed <= 3; ++seed) {
      const auto inputs = testing::RandomInputs(**a, seed);
      auto ya = testing::RunSession(**a, inputs);
      auto yb = testing::RunSession(**b, inputs);
      ASSERT_TRUE(ya.ok() && yb.ok());
      EXPECT_EQ(*ya, *yb) << "seed " << seed;
    }
  }
}

// The ORT layout: no Conv feeds an Add directly (ONNX Runtime would leave it
// FP32); each gets a QuantizeLinear first, and the model stays close to the
// INT8 one it was exported from.
TEST(OnnxExportTest, OrtLayoutQuantizesResidualConvolutionsBeforeTheirAdd) {
  auto prepared = quantization::PrepareForQuantization(Network(), {});
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  auto stats = quantization::Calibrate(*prepared, Images(8), 4, nullptr);
  ASSERT_TRUE(stats.ok()) << stats.status();
  auto int8 = quantization::QuantizeWithStatistics(*prepared, *stats, {}, nullptr);
  ASSERT_TRUE(int8.ok()) << int8.status();

  std::map<std::string, std::string> exact_producers, ort_producers;  // Add input -> producer op
  std::map<ir::OnnxExportLayout, ir::Graph> imported;
  for (ir::OnnxExportLayout layout : {ir::OnnxExportLayout::kExact, ir::OnnxExportLayout::kOrtFusable}) {
    auto proto = ir::ExportOnnxModel(*int8, {layout});
    ASSERT_TRUE(proto.ok()) << proto.status();
    EXPECT_NO_THROW(::onnx::checker::check_model(*proto));
    std::map<std::string, std::string> producer;
    for (const auto& n : proto->graph().node()) {
      for (const auto& o : n.output()) producer[o] = n.op_type();
    }
    auto& adds = layout == ir::OnnxExportLayout::kExact ? exact_producers : ort_producers;
    for (const auto& n : proto->graph().node()) {
      if (n.op_type() == "Add") adds[n.input(0)] = producer[n.input(0)];
    }
    auto graph = ir::ImportOnnxModel(*proto, "");
    ASSERT_TRUE(graph.ok()) << graph.status();
    imported.emplace(layout, *std::move(graph));
  }
  ASSERT_EQ(exact_producers.size(), 1u);  // the residual block
  EXPECT_EQ(exact_producers.begin()->second, "Conv");
  ASSERT_EQ(ort_producers.size(), 1u);
  EXPECT_EQ(ort_producers.begin()->second, "DequantizeLinear");

  // Both imports run as QDQ models (fake quantization emulated): the one
  // difference is the extra rounding before the Add.
  auto exact = runtime::Session::Create(imported.at(ir::OnnxExportLayout::kExact), {});
  auto ort = runtime::Session::Create(imported.at(ir::OnnxExportLayout::kOrtFusable), {});
  auto fp32 = runtime::Session::Create(*prepared, {});
  auto quantized = runtime::Session::Create(*int8, {});
  ASSERT_TRUE(exact.ok() && ort.ok() && fp32.ok() && quantized.ok());
  const quantization::CalibrationImages images = Images(12);
  std::vector<float> x(3 * 12 * 12);
  int differing = 0;
  float worst = 0, range = 0;                   // against the FP32 model's largest output
  float emulation = 0;                          // the exact export run as is vs the INT8 model
  for (int64_t i = 8; i < images.count; ++i) {  // images calibration did not see
    ASSERT_TRUE(images.load(i, x.data()).ok());
    auto ya = testing::RunSession(**exact, {x});
    auto yb = testing::RunSession(**ort, {x});
    auto yf = testing::RunSession(**fp32, {x});
    auto yq = testing::RunSession(**quantized, {x});
    ASSERT_TRUE(ya.ok() && yb.ok() && yf.ok() && yq.ok());
    float diff = 0;
    const std::vector<float>&ra = (*ya)[0], &rb = (*yb)[0], &rf = (*yf)[0], &rq = (*yq)[0];
    for (size_t k = 0; k < ra.size(); ++k) {
      diff = std::max(diff, std::fabs(ra[k] - rb[k]));
      range = std::max(range, std::fabs(rf[k]));
      emulation = std::max(emulation, std::fabs(ra[k] - rq[k]));
    }
    differing += diff > 0;
    worst = std::max(worst, diff);
  }
  EXPECT_LT(worst, 0.05f * range);
  // Run as is (fake quantization emulated in FP32), the exact export computes
  // what the INT8 model does, up to a rounding step where FP32 sums differ.
  EXPECT_LT(emulation, 0.05f * range);
  EXPECT_GT(differing, 0);  // the extra rounding is there
}

// `proto` (an export of `g`) imported again computes what `g` does, bit for
// bit, on each backend.
void ExpectImportGivesTheSameOutputs(const ir::Graph& g, ::onnx::ModelProto proto,
                                     std::initializer_list<runtime::Backend> backends) {
  auto imported = ir::ImportOnnxModel(proto, "");
  ASSERT_TRUE(imported.ok()) << imported.status();
  for (runtime::Backend backend : backends) {
    runtime::SessionOptions options;
    options.backend = backend;
    auto original = runtime::Session::Create(g, options);
    auto again = runtime::Session::Create(*imported, options);
    ASSERT_TRUE(original.ok() && again.ok());
    const auto inputs = testing::RandomInputs(**original, 1);
    auto y = testing::RunSession(**original, inputs);
    auto y_again = testing::RunSession(**again, inputs);
    ASSERT_TRUE(y.ok() && y_again.ok());
    EXPECT_EQ(*y, *y_again);
  }
}

// ChannelShuffle (mint8's op) is written as Concat, Reshape, Transpose and
// Reshape; imported again it computes the same.
TEST(OnnxExportTest, ChannelShuffleIsWrittenAsOnnxOpsAndRoundTrips) {
  GraphBuilder b(5);
  b.Input("x", {1, 4, 5, 5}).Random("w1", {6, 4, 1, 1}).Random("w2", {6, 4, 1, 1});
  b.Node("Conv", {"x", "w1"}, {"a"}).Node("Conv", {"x", "w2"}, {"b"});
  b.Node("ChannelShuffle", {"a", "b"}, {"y"}, Attrs({{"groups", int64_t{3}}})).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  auto proto = ir::ExportOnnxModel(*g);
  ASSERT_TRUE(proto.ok()) << proto.status();
  EXPECT_NO_THROW(::onnx::checker::check_model(*proto));
  std::vector<std::string> ops;
  for (const auto& node : proto->graph().node()) ops.push_back(node.op_type());
  EXPECT_EQ(ops, (std::vector<std::string>{"Conv", "Conv", "Concat", "Reshape", "Transpose", "Reshape"}));
  ExpectImportGivesTheSameOutputs(*g, *proto, {runtime::Backend::kReference, runtime::Backend::kOnednn});
}

TEST(OnnxExportTest, HardSwishIsWrittenAtOpset14AndRoundTrips) {
  GraphBuilder b(3);
  b.Input("x", {1, 4, 5, 5}).Random("w", {4, 4, 1, 1});
  b.Node("HardSwish", {"x"}, {"h"}).Node("Conv", {"h", "w"}, {"y"}).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(ir::ExportOnnxOpset(*g), 14);
  auto proto = ir::ExportOnnxModel(*g);
  ASSERT_TRUE(proto.ok()) << proto.status();
  EXPECT_NO_THROW(::onnx::checker::check_model(*proto));
  EXPECT_EQ(proto->opset_import(0).version(), 14);
  auto imported = ir::ImportOnnxModel(*proto, "");
  ASSERT_TRUE(imported.ok()) << imported.status();
  EXPECT_EQ(imported->num_nodes(), 2);

  GraphBuilder gelu(3);
  gelu.Input("x", {1, 4}).Node("Gelu", {"x"}, {"y"}).Output("y");
  auto with_gelu = gelu.Build();
  ASSERT_TRUE(with_gelu.ok()) << with_gelu.status();
  auto gelu_proto = ir::ExportOnnxModel(*with_gelu);
  ASSERT_TRUE(gelu_proto.ok()) << gelu_proto.status();
  EXPECT_NO_THROW(::onnx::checker::check_model(*gelu_proto));
  EXPECT_EQ(gelu_proto->graph().node_size(), 5);  // Div, Erf, Add, Mul, Mul

  GraphBuilder plain(3);
  plain.Input("x", {1, 4, 5, 5}).Node("Relu", {"x"}, {"y"}).Output("y");
  EXPECT_EQ(ir::ExportOnnxOpset(*plain.Build()), 13);
}

// A transformer's LayerNormalization is opset 17's: the file says so (IR 8),
// or the ONNX checker and runtimes reject it.
TEST(OnnxExportTest, LayerNormalizationIsWrittenAtOpset17AndRoundTrips) {
  GraphBuilder b(3);
  b.Input("x", {1, 6, 8}).Random("scale", {8}).Random("bias", {8});
  b.Node("LayerNormalization", {"x", "scale", "bias"}, {"y"}, Attrs({{"axis", int64_t{-1}}})).Output("y");
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  EXPECT_EQ(ir::ExportOnnxOpset(*g), 17);
  auto proto = ir::ExportOnnxModel(*g);
  ASSERT_TRUE(proto.ok()) << proto.status();
  EXPECT_NO_THROW(::onnx::checker::check_model(*proto));
  EXPECT_EQ(proto->ir_version(), 8);
  ExpectImportGivesTheSameOutputs(*g, *proto, {runtime::Backend::kOnednn});
}

INSTANTIATE_TEST_SUITE_P(Widths, QdqRoundTripTest,
                         ::testing::Values(std::make_pair(8, 8), std::make_pair(7, 8), std::make_pair(8, 7)),
                         [](const auto& info) {
                           return "w" + std::to_string(info.param.first) + "a" +
                                  std::to_string(info.param.second);
                         });

}  // namespace
}  // namespace mint8
