// QAT conversion on a small hand-built QDQ network with conv+relu, a residual
// add, depthwise, concat and gemm: the INT8 graph must carry exactly the
// trained scales (or the unified one where ops share a scale), with no
// calibration at all, and compute what the QDQ model computes.
#include <cmath>
#include <string>

#include "gtest/gtest.h"
#include "quantization/quantizer.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::quantization {
namespace {

using Ints = std::vector<int64_t>;
using testing::Attrs;
using testing::GraphBuilder;

// tensor -> QuantizeLinear -> DequantizeLinear -> tensor + "_dq".
void Qdq(GraphBuilder& b, const std::string& tensor, float scale, ir::DataType type, int zero_point = 0) {
  b.Floats(tensor + "_s", {}, {scale});
  b.QuantizedConstant(tensor + "_z", type, {}, {zero_point});
  b.Node("QuantizeLinear", {tensor, tensor + "_s", tensor + "_z"}, {tensor + "_q"});
  b.Node("DequantizeLinear", {tensor + "_q", tensor + "_s", tensor + "_z"}, {tensor + "_dq"});
}

// `asymmetric`: the input and the first weights are uint8 with zero point
// 128, as TFLite-style QAT models write them.
ir::Graph QdqNetwork(bool asymmetric = false) {
  const auto u8 = ir::DataType::kU8, s8 = ir::DataType::kS8;
  GraphBuilder b(11);
  b.Input("x", {1, 4, 8, 8});
  Qdq(b, "x", 1.f / 64, asymmetric ? u8 : s8, asymmetric ? 128 : 0);
  b.Random("w1", {8, 4, 3, 3}, -0.3f, 0.3f).Random("w2", {8, 8, 3, 3}, -0.1f, 0.1f);
  b.Random("w3", {8, 1, 3, 3}, -0.5f, 0.5f).Random("w4", {8, 8, 1, 1}, -0.3f, 0.3f);
  b.Random("fc", {5, 16}, -0.5f, 0.5f).Random("fcb", {5}, -0.1f, 0.1f);
  Qdq(b, "w1", 0.3f / 127, asymmetric ? u8 : s8, asymmetric ? 128 : 0);
  Qdq(b, "w2", 0.1f / 127, s8);
  Qdq(b, "w3", 0.5f / 127, s8);
  Qdq(b, "w4", 0.3f / 127, s8);
  Qdq(b, "fc", 0.5f / 127, s8);
  b.Node("Conv", {"x_dq", "w1_dq"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c1"}, {"r1"});
  Qdq(b, "r1", 0.02f, u8);
  b.Node("Conv", {"r1_dq", "w2_dq"}, {"c2"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Add", {"c2", "r1_dq"}, {"s2"}).Node("Relu", {"s2"}, {"r2"});
  Qdq(b, "r2", 0.03f, u8);
  b.Node("Conv", {"r2_dq", "w3_dq"}, {"c3"}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"group", int64_t{8}}}));
  b.Node("Relu", {"c3"}, {"r3"});
  Qdq(b, "r3", 0.025f, u8);
  b.Node("Conv", {"r2_dq", "w4_dq"}, {"c4"}).Node("Relu", {"c4"}, {"r4"});
  Qdq(b, "r4", 0.04f, u8);
  b.Node("Concat", {"r3_dq", "r4_dq"}, {"cat"}, Attrs({{"axis", int64_t{1}}}));
  Qdq(b, "cat", 0.035f, u8);
  b.Node("GlobalAveragePool", {"cat_dq"}, {"gap"});
  Qdq(b, "gap", 0.01f, u8);
  b.Node("Flatten", {"gap_dq"}, {"f"});
  b.Node("Gemm", {"f", "fc_dq", "fcb"}, {"y"}, Attrs({{"transB", int64_t{1}}}));
  Qdq(b, "y", 0.05f, s8);
  b.Output("y_dq");
  return *b.Build();
}

float ScaleOf(const ir::Graph& g, const std::string& tensor) {
  const ir::TensorInfo* t = g.FindTensor(tensor);
  if (t == nullptr || !t->quantization) return 0;
  return t->quantization->scale();
}

int CountOps(const ir::Graph& g, const std::string& op) {
  int n = 0;
  for (const auto& node : g.nodes()) n += node->op_type == op;
  return n;
}

absl::StatusOr<ir::Graph> Convert(const ir::Graph& model, int activation_bits, QuantizationReport* report) {
  auto prepared = PrepareQatModel(model, {});
  if (!prepared.ok()) return prepared.status();
  QuantizerOptions options;
  options.weight_bits = 8;
  options.activation_bits = activation_bits;
  options.harvested_scales = prepared->scales;
  return QuantizeWithStatistics(prepared->graph, {}, options, report);
}

// Largest relative difference between the INT8 model and the QDQ model run in
// FP32, over a few random inputs.
double MaxErrorAgainstQdqModel(const ir::Graph& model, const ir::Graph& int8) {
  auto qdq = runtime::Session::Create(model, {});
  auto converted = runtime::Session::Create(int8, {});
  if (!qdq.ok() || !converted.ok()) return INFINITY;
  double worst = 0;
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    const auto inputs = testing::RandomInputs(**qdq, seed);
    auto a = testing::RunSession(**qdq, inputs);
    auto b = testing::RunSession(**converted, inputs);
    if (!a.ok() || !b.ok()) return INFINITY;
    worst = std::max(worst, testing::MaxRelativeError(*b, *a));
  }
  return worst;
}

// A QDQ model run as it is (FP32, fake quantization): its weights reach the
// convolutions through DequantizeLinear, which a session folds into FP32
// constants, so every compute op runs on oneDNN and none falls back to the
// reference kernel; the results are the reference backend's.
TEST(QatConversionTest, QdqModelRunsFp32OnOnednn) {
  const ir::Graph model = QdqNetwork(/*asymmetric=*/true);
  auto onednn = runtime::Session::Create(model, {});
  ASSERT_TRUE(onednn.ok()) << onednn.status();
  runtime::SessionOptions reference_options;
  reference_options.backend = runtime::Backend::kReference;
  auto reference = runtime::Session::Create(model, reference_options);
  ASSERT_TRUE(reference.ok()) << reference.status();
  const runtime::ExecutionPlan& plan = (*onednn)->plan();
  int compute_steps = 0;
  for (const runtime::PlanStep& step : plan.steps) {
    EXPECT_EQ(step.note, "") << step.node << " fell back to the reference kernel";
    const absl::string_view op = step.kernel->op_type();
    compute_steps += op == "Conv" || op == "Gemm";
  }
  EXPECT_EQ(compute_steps, 5);
  // The pairs after a conv, an activation or the gemm are post-ops now; those
  // after the input, the residual add (fused only later), the concat and the
  // pooling stay.
  EXPECT_EQ(CountOps((*onednn)->graph(), "QuantizeLinear"), 4);
  for (uint32_t seed = 1; seed <= 5; ++seed) {
    const auto inputs = testing::RandomInputs(**onednn, seed);
    auto a = testing::RunSession(**onednn, inputs);
    auto b = testing::RunSession(**reference, inputs);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_LT(testing::MaxRelativeError(*a, *b), 1e-5) << "seed " << seed;
  }
}

TEST(QatConversionTest, Int8GraphCarriesTheTrainedScales) {
  const ir::Graph model = QdqNetwork();
  QuantizationReport report;
  auto int8 = Convert(model, 8, &report);
  ASSERT_TRUE(int8.ok()) << int8.status();
  EXPECT_EQ(report.fp32_nodes, 0);
  EXPECT_TRUE(report.fp32_compute_nodes.empty());
  EXPECT_EQ(ScaleOf(*int8, "x/quantized"), 1.f / 64);  // s8 with the trained step
  EXPECT_EQ(ScaleOf(*int8, "r1"), 0.02f);
  EXPECT_EQ(ScaleOf(*int8, "r2"), 0.03f);  // the residual conv's output
  // Concat unifies its inputs and output to the widest range, and the
  // average pooling and flatten share it (placement.h): r4's 0.04.
  for (const char* t : {"r3", "r4", "cat", "gap", "f"}) EXPECT_EQ(ScaleOf(*int8, t), 0.04f) << t;
  // Weights keep their trained step: every channel of w1 lies on 0.3/127.
  const ir::TensorInfo* w1 = int8->FindConstant("w1_dq/int8");
  ASSERT_NE(w1, nullptr);
  ASSERT_TRUE(w1->quantization.has_value());
  EXPECT_EQ(w1->quantization->scales, std::vector<float>(8, 0.3f / 127));
  EXPECT_EQ(CountOps(*int8, "QuantizeLinear"), 1);    // at the image input only
  EXPECT_EQ(CountOps(*int8, "DequantizeLinear"), 0);  // the Gemm writes f32
  EXPECT_NE(int8->metadata().at("quantization").find("quantization-aware-trained"), std::string::npos);

  // The INT8 model computes what the QDQ model computes in FP32; the only
  // difference is the pooled tensor's coarser shared grid.
  const double worst = MaxErrorAgainstQdqModel(model, *int8);
  EXPECT_LT(worst, 0.05);
}

TEST(QatConversionTest, AsymmetricUint8ModelsMapOntoTheSymmetricContract) {
  const ir::Graph model = QdqNetwork(/*asymmetric=*/true);
  QuantizationReport report;
  auto int8 = Convert(model, 8, &report);
  ASSERT_TRUE(int8.ok()) << int8.status();
  // uint8 with zero point 128 on [-2, 1.98]: s8 with the same step (only -2
  // itself clips, to -127/64).
  const ir::TensorInfo* x = int8->FindTensor("x/quantized");
  ASSERT_NE(x, nullptr);
  EXPECT_EQ(x->dtype, ir::DataType::kS8);
  EXPECT_EQ(x->quantization->scale(), 1.f / 64);
  EXPECT_EQ(x->quantization->zero_point(), 0);
  // uint8 weights with zero point 128 lie on the same step as s8 ones.
  const ir::TensorInfo* w1 = int8->FindConstant("w1_dq/int8");
  ASSERT_NE(w1, nullptr);
  EXPECT_EQ(w1->quantization->scales, std::vector<float>(8, 0.3f / 127));
  EXPECT_LT(MaxErrorAgainstQdqModel(model, *int8), 0.05);
}

TEST(QatConversionTest, SevenBitActivationsWidenTheStepToCoverTheTrainedRange) {
  QuantizationReport report;
  auto int8 = Convert(QdqNetwork(), 7, &report);
  ASSERT_TRUE(int8.ok()) << int8.status();
  EXPECT_FLOAT_EQ(ScaleOf(*int8, "r1"), 0.02f * 255 / 127);
  EXPECT_FLOAT_EQ(ScaleOf(*int8, "x/quantized"), 2.f / 63);  // [-2, 1.98] on [-64, 63]
}

// Removes the QuantizeLinear/DequantizeLinear pair Qdq() put on `tensor`; its
// consumers (and the model output) read the tensor itself again.
bool RemoveQdqPair(ir::Graph& model, const std::string& tensor) {
  std::vector<const ir::Node*> pair;
  for (const auto& n : model.nodes()) {
    if (n->inputs[0] == tensor || n->inputs[0] == tensor + "_q") pair.push_back(n.get());
  }
  if (pair.size() != 2) return false;
  for (const ir::Node* n : pair) model.RemoveNode(n);
  model.ReplaceAllUses(tensor + "_dq", tensor);
  model.RemoveUnusedTensors();
  return true;
}

TEST(QatConversionTest, ComputeOpsWithoutAnOutputScaleWriteFp32) {
  // The same network without the QDQ pair on the classifier's output: the
  // Gemm stays INT8 (its input and weights have trained grids) and writes f32.
  ir::Graph model = QdqNetwork();
  ASSERT_TRUE(RemoveQdqPair(model, "y"));
  QuantizationReport report;
  auto int8 = Convert(model, 8, &report);
  ASSERT_TRUE(int8.ok()) << int8.status();
  EXPECT_TRUE(report.fp32_compute_nodes.empty());
  EXPECT_EQ(report.fp32_nodes, 0);
  EXPECT_EQ(CountOps(*int8, "DequantizeLinear"), 0);
  const ir::TensorInfo* y = int8->FindTensor("y");
  ASSERT_NE(y, nullptr);
  EXPECT_EQ(y->dtype, ir::DataType::kF32);
}

TEST(QatConversionTest, OpsReadingATensorWithoutScaleStayFp32) {
  // Without the pair on the image input, the first convolution has no input
  // scale: it runs FP32 and its output is quantized with the trained scale.
  ir::Graph model = QdqNetwork();
  ASSERT_TRUE(RemoveQdqPair(model, "x"));
  QuantizationReport report;
  auto int8 = Convert(model, 8, &report);
  ASSERT_TRUE(int8.ok()) << int8.status();
  ASSERT_EQ(report.fp32_compute_nodes.size(), 1u);
  EXPECT_NE(report.fp32_compute_nodes.begin()->second.find("no QDQ scale and no calibration data for tensor 'x'"),
            std::string::npos)
      << report.fp32_compute_nodes.begin()->second;
  EXPECT_EQ(ScaleOf(*int8, "r1/quantized"), 0.02f);
  EXPECT_EQ(CountOps(*int8, "QuantizeLinear"), 1);  // r1, after the FP32 convolution
}

}  // namespace
}  // namespace mint8::quantization
