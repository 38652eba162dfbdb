// The PTQ pipeline end to end on a small network with every structure the
// passes handle: BN folding, ReLU/ReLU6 fusion, a residual sum, max pooling,
// concat unification, global pooling, a classifier.
#include "quantization/quantizer.h"

#include <cmath>
#include <map>

#include "gtest/gtest.h"
#include "quantization/calibration/calibrator.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::quantization {
namespace {

using Ints = std::vector<int64_t>;
using testing::Attrs;
using testing::GraphBuilder;

ir::Graph Network() {
  GraphBuilder b(5);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {16, 3, 3, 3}, -0.5f, 0.5f).Random("g", {16}, 0.5f, 1.5f).Random("be", {16}, -0.2f, 0.2f);
  b.Random("m", {16}, -0.1f, 0.1f).Random("v", {16}, 0.5f, 1.5f);
  b.Random("w2", {16, 16, 3, 3}, -0.15f, 0.15f).Random("w3", {8, 16, 1, 1}, -0.4f, 0.4f);
  b.Random("w4", {8, 16, 1, 1}, -0.4f, 0.4f)
      .Random("fc", {10, 16}, -0.5f, 0.5f)
      .Random("fcb", {10}, -0.1f, 0.1f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("BatchNormalization", {"c1", "g", "be", "m", "v"}, {"bn1"}).Node("Relu", {"bn1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Add", {"c2", "r1"}, {"s"}).Node("Relu", {"s"}, {"r2"});
  b.Node("MaxPool", {"r2"}, {"p"}, Attrs({{"kernel_shape", Ints{2, 2}}, {"strides", Ints{2, 2}}}));
  b.Node("Conv", {"p", "w3"}, {"c3"}).Node("Clip", {"c3"}, {"a"}, Attrs({{"min", 0.f}, {"max", 6.f}}));
  b.Node("Conv", {"p", "w4"}, {"c4"}).Node("Relu", {"c4"}, {"bb"});
  b.Node("Concat", {"a", "bb"}, {"cat"}, Attrs({{"axis", int64_t{1}}}));
  b.Node("GlobalAveragePool", {"cat"}, {"gap"}).Node("Flatten", {"gap"}, {"f"});
  b.Node("Gemm", {"f", "fc", "fcb"}, {"y"}, Attrs({{"transB", int64_t{1}}})).Output("y");
  return *b.Build();
}

CalibrationImages Images(int count) {
  return {count, [](int64_t i, float* chw) {
            for (int j = 0; j < 3 * 16 * 16; ++j) chw[j] = std::sin(0.37f * j + 1.3f * i) * 1.5f;
            return absl::OkStatus();
          }};
}

std::map<std::string, int> OpCounts(const ir::Graph& g) {
  std::map<std::string, int> counts;
  for (const auto& n : g.nodes()) ++counts[n->op_type];
  return counts;
}

class QuantizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto prepared = PrepareForQuantization(Network(), {});
    ASSERT_TRUE(prepared.ok()) << prepared.status();
    prepared_ = *prepared;
    auto stats = Calibrate(prepared_, Images(12), 4, nullptr);
    ASSERT_TRUE(stats.ok()) << stats.status();
    stats_ = *stats;
  }
  ir::Graph prepared_;
  StatisticsMap stats_;
};

TEST_F(QuantizerTest, ProducesTheExpectedInt8Graph) {
  QuantizationReport report;
  auto q = QuantizeWithStatistics(prepared_, stats_, QuantizerOptions(), &report);
  ASSERT_TRUE(q.ok()) << q.status();
  std::map<std::string, int> ops = OpCounts(*q);
  EXPECT_EQ(ops["QuantizeLinear"], 1);    // only at the image input
  EXPECT_EQ(ops["DequantizeLinear"], 0);  // the classifier writes f32 itself
  EXPECT_EQ(ops["Conv"], 4);
  EXPECT_EQ(report.fp32_nodes, 0);
  EXPECT_EQ(report.weight_bits, 8);
  EXPECT_EQ(report.activation_bits, TargetHasVnni(Int8Target::kHost) ? 8 : 7);
  EXPECT_EQ(ResolveBits({}, true), std::make_pair(8, 8));
  EXPECT_EQ(ResolveBits({}, false), std::make_pair(8, 7));
  QuantizerOptions seven_bit_weights;
  seven_bit_weights.weight_bits = 7;
  EXPECT_EQ(ResolveBits(seven_bit_weights, false), std::make_pair(7, 8));

  for (const auto& node : q->nodes()) {
    if (node->op_type == "Conv" || node->op_type == "Gemm") {
      const ir::TensorInfo& w = *q->FindConstant(node->inputs[1]);
      EXPECT_EQ(w.dtype, ir::DataType::kS8);
      EXPECT_TRUE(w.quantization->per_channel());
      int max = 0;
      for (int8_t v : w.data->span<int8_t>()) max = std::max(max, std::abs(static_cast<int>(v)));
      EXPECT_EQ(max, report.weight_bits == 8 ? 127 : 63) << node->name;
    }
  }
  // The input is signed; ReLU outputs are unsigned; Concat's inputs share
  // one scale (the wider of the two ranges).
  const ir::TensorInfo& input = *q->FindTensor("x/quantized");
  EXPECT_EQ(input.dtype, ir::DataType::kS8);
  if (report.activation_bits == 7) {
    EXPECT_EQ(input.quantization->qmin, -64);
    EXPECT_EQ(input.quantization->qmax, 63);
  }
  const ir::Node* concat = nullptr;
  for (const auto& n : q->nodes()) {
    if (n->op_type == "Concat") concat = n.get();
  }
  ASSERT_NE(concat, nullptr);
  const ir::TensorInfo& a = *q->FindTensor(concat->inputs[0]);
  const ir::TensorInfo& bb = *q->FindTensor(concat->inputs[1]);
  EXPECT_EQ(a.dtype, ir::DataType::kU8);
  EXPECT_EQ(a.quantization->scales, bb.quantization->scales);
  EXPECT_EQ(*a.quantization, *q->FindTensor(concat->outputs[0])->quantization);
  EXPECT_EQ(q->FindTensor("y")->dtype, ir::DataType::kF32);
}

TEST_F(QuantizerTest, Int8OutputsTrackFp32AndOnednnMatchesTheReference) {
  for (CalibrationAlgorithm algo : {CalibrationAlgorithm::kMaxAbs, CalibrationAlgorithm::kKl,
                                    CalibrationAlgorithm::kPercentile, CalibrationAlgorithm::kMse}) {
    QuantizerOptions options;
    options.algorithm = algo;
    auto q = QuantizeWithStatistics(prepared_, stats_, options, nullptr);
    ASSERT_TRUE(q.ok()) << q.status();
    runtime::SessionOptions so;
    so.num_threads = 1;
    auto fp32 = runtime::Session::Create(prepared_, so);
    auto int8 = runtime::Session::Create(*q, so);
    so.backend = runtime::Backend::kReference;
    auto int8_reference = runtime::Session::Create(*q, so);
    ASSERT_TRUE(fp32.ok() && int8.ok() && int8_reference.ok()) << int8.status() << int8_reference.status();
    for (const runtime::PlanStep& step : (*int8)->plan().steps) {
      EXPECT_NE(step.kernel->implementation(), "mint8:reference") << step.node << ": " << step.note;
    }
    std::vector<std::vector<float>> input(1, std::vector<float>(3 * 16 * 16));
    ASSERT_TRUE(Images(20).load(17, input[0].data()).ok());  // not a calibration image
    auto want = testing::RunSession(**fp32, input);
    auto got = testing::RunSession(**int8, input);
    auto exact = testing::RunSession(**int8_reference, input);
    ASSERT_TRUE(want.ok() && got.ok() && exact.ok());
    double err = 0, norm = 0, oracle = 0;
    for (size_t i = 0; i < (*want)[0].size(); ++i) {
      err += std::pow((*got)[0][i] - (*want)[0][i], 2);
      norm += std::pow((*want)[0][i], 2);
      oracle = std::max<double>(oracle, std::fabs((*got)[0][i] - (*exact)[0][i]));
    }
    // KL is not held to this: on 12 smooth synthetic images it clips a ReLU
    // output to 40% of its range (the entropy method over-clips narrow,
    // non-long-tailed histograms); real-data accuracy is measured by evaluate.
    if (algo != CalibrationAlgorithm::kKl) {
      EXPECT_LT(std::sqrt(err / norm), 0.05) << CalibrationAlgorithmName(algo);
    }
    // The classifier's inputs differ by at most one LSB; its f32 outputs by
    // little more than float rounding.
    EXPECT_LT(oracle, 0.05 * std::sqrt(norm / (*want)[0].size())) << CalibrationAlgorithmName(algo);
  }
}

TEST_F(QuantizerTest, ExclusionsKeepOpsFp32BetweenQuantizeAndDequantize) {
  QuantizerOptions options;
  options.exclude_op_types = {"Gemm"};
  QuantizationReport report;
  auto q = QuantizeWithStatistics(prepared_, stats_, options, &report);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(report.fp32_compute_nodes.size(), 1u);
  std::map<std::string, int> ops = OpCounts(*q);
  EXPECT_EQ(ops["DequantizeLinear"], 1);  // before the FP32 classifier
  options.exclude_op_types.clear();
  options.exclude_nodes = {"no_such_node"};
  EXPECT_FALSE(QuantizeWithStatistics(prepared_, stats_, options, nullptr).ok());
}

TEST_F(QuantizerTest, CalibrationErrorsAreClear) {
  EXPECT_FALSE(Calibrate(prepared_, Images(0), 4, nullptr).ok());
  CalibrationImages nan_images{2, [](int64_t, float* chw) {
                                 std::fill(chw, chw + 3 * 16 * 16, NAN);
                                 return absl::OkStatus();
                               }};
  auto s = Calibrate(prepared_, nan_images, 2, nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("NaN"), absl::string_view::npos) << s.status();
  EXPECT_FALSE(QuantizeWithStatistics(prepared_, StatisticsMap(), QuantizerOptions(), nullptr).ok());
}

// HardSwish reaches only -0.375 below zero: its output gets u8 with a zero
// point over the observed range (half the step of symmetric s8), and the
// INT8 model tracks FP32 more closely for it; a symmetric input stays s8.
TEST(QuantizerAsymmetricTest, HardSwishOutputsGetAZeroPointAndAFinerGrid) {
  GraphBuilder b(9);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {16, 3, 3, 3}, -0.5f, 0.5f).Random("w2", {8, 16, 3, 3}, -0.3f, 0.3f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("HardSwish", {"c1"}, {"h"});
  b.Node("Conv", {"h", "w2"}, {"y"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Output("y");
  auto prepared = PrepareForQuantization(*b.Build(), {});
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  auto stats = Calibrate(*prepared, Images(12), 4, nullptr);
  ASSERT_TRUE(stats.ok()) << stats.status();
  const ir::Node* first = nullptr;
  for (const auto& n : prepared->nodes()) {
    if (n->inputs[0] == "x") first = n.get();
  }
  ASSERT_NE(first, nullptr);
  const TensorStatistics& h = stats->at(first->outputs[0]);
  ASSERT_LT(h.min(), -0.2f);  // the images reach HardSwish's negative dip
  ASSERT_GT(h.max(), 2 * -h.min());

  runtime::SessionOptions so;
  so.num_threads = 1;
  auto fp32 = runtime::Session::Create(*prepared, so);
  ASSERT_TRUE(fp32.ok()) << fp32.status();
  std::vector<std::vector<float>> input(1, std::vector<float>(3 * 16 * 16));
  ASSERT_TRUE(Images(20).load(17, input[0].data()).ok());
  auto want = testing::RunSession(**fp32, input);
  ASSERT_TRUE(want.ok());
  std::map<bool, double> error;
  for (bool asymmetric : {true, false}) {
    QuantizerOptions options;
    options.target = Int8Target::kVnni;
    options.asymmetric_activations = asymmetric;
    auto q = QuantizeWithStatistics(*prepared, *stats, options, nullptr);
    ASSERT_TRUE(q.ok()) << q.status();
    const ir::TensorInfo& t = *q->FindTensor(first->outputs[0]);
    const float scale = t.quantization->scales[0];
    EXPECT_EQ(q->FindTensor("x/quantized")->dtype, ir::DataType::kS8);
    if (asymmetric) {
      EXPECT_EQ(t.dtype, ir::DataType::kU8);
      EXPECT_NEAR(scale, (std::min(h.max(), h.abs_max()) - h.min()) / 255, 0.02 * scale);
      EXPECT_EQ(t.quantization->zero_point(), std::lround(-h.min() / scale));
    } else {
      EXPECT_EQ(t.dtype, ir::DataType::kS8);
      EXPECT_EQ(t.quantization->zero_point(), 0);
    }
    so.backend = runtime::Backend::kReference;
    auto int8 = runtime::Session::Create(*q, so);
    ASSERT_TRUE(int8.ok()) << int8.status();
    auto got = testing::RunSession(**int8, input);
    ASSERT_TRUE(got.ok());
    error[asymmetric] = testing::MaxRelativeError(*got, *want);
  }
  EXPECT_LT(error[true], 0.8 * error[false]) << error[true] << " vs " << error[false];
}

// SqueezeNet's ending: the classifier convolution, global pooling, Flatten.
// The convolution writes f32 and the pooling and Flatten run FP32 on it, so
// the logits are not rounded to the 8-bit grid of the convolution's output.
TEST(QuantizerOutputTailTest, ClassifierConvolutionWritesF32Logits) {
  GraphBuilder b(11);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {16, 3, 3, 3}, -0.5f, 0.5f).Random("w2", {10, 16, 1, 1}, -0.4f, 0.4f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}).Node("Relu", {"c2"}, {"r2"});
  b.Node("GlobalAveragePool", {"r2"}, {"gap"}).Node("Flatten", {"gap"}, {"logits"}).Output("logits");
  auto prepared = PrepareForQuantization(*b.Build(), {});
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  auto stats = Calibrate(*prepared, Images(12), 4, nullptr);
  ASSERT_TRUE(stats.ok()) << stats.status();
  QuantizationReport report;
  auto q = QuantizeWithStatistics(*prepared, *stats, QuantizerOptions(), &report);
  ASSERT_TRUE(q.ok()) << q.status();
  std::map<std::string, int> ops = OpCounts(*q);
  EXPECT_EQ(ops["QuantizeLinear"], 1);
  EXPECT_EQ(ops["DequantizeLinear"], 0);
  EXPECT_EQ(report.fp32_nodes, 2);  // the pooling and Flatten
  for (const auto& node : q->nodes()) {
    const ir::DataType out = q->FindTensor(node->outputs[0])->dtype;
    if (node->op_type == "Conv") {
      EXPECT_EQ(out, node->inputs[0] == "x/quantized" ? ir::DataType::kU8 : ir::DataType::kF32) << node->name;
    } else if (node->op_type != "QuantizeLinear") {
      EXPECT_EQ(out, ir::DataType::kF32) << node->name;
    }
  }
  runtime::SessionOptions so;
  so.num_threads = 1;
  auto fp32 = runtime::Session::Create(*prepared, so);
  auto int8 = runtime::Session::Create(*q, so);
  ASSERT_TRUE(fp32.ok() && int8.ok()) << int8.status();
  std::vector<std::vector<float>> input(1, std::vector<float>(3 * 16 * 16));
  ASSERT_TRUE(Images(20).load(17, input[0].data()).ok());
  auto want = testing::RunSession(**fp32, input);
  auto got = testing::RunSession(**int8, input);
  ASSERT_TRUE(want.ok() && got.ok());
  EXPECT_LT(testing::MaxRelativeError(*got, *want), 0.05);
}

// A NaN anywhere (here a BatchNorm statistic) or an infinite weight is
// refused before any calibration.
TEST(QuantizerWeightsTest, NonFiniteWeightsAreRefusedBeforeCalibration) {
  for (auto [name, bad] : {std::pair<const char*, float>{"v", NAN}, {"w2", NAN}, {"w2", INFINITY}}) {
    ir::Graph model = Network();
    ir::TensorInfo* constant = model.FindTensor(name);
    ASSERT_NE(constant, nullptr);
    auto values = ir::Buffer::Copy(constant->data->data(), constant->data->size());
    values->mutable_data<float>()[3] = bad;
    constant->data = values;
    auto prepared = PrepareForQuantization(model, {});
    ASSERT_FALSE(prepared.ok());
    EXPECT_EQ(prepared.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(prepared.status().message().find(std::isnan(bad) ? "NaN" : "infinity"), absl::string_view::npos)
        << prepared.status();
  }
}

}  // namespace
}  // namespace mint8::quantization

namespace mint8::quantization {
namespace {

// `graph` prepared, calibrated on 12 images and quantized with the default
// options.
struct QuantizedForTest {
  ir::Graph prepared, int8;
};
absl::StatusOr<QuantizedForTest> QuantizeForTest(const ir::Graph& graph) {
  auto prepared = PrepareForQuantization(graph, {});
  if (!prepared.ok()) return prepared.status();
  auto stats = Calibrate(*prepared, Images(12), 4, nullptr);
  if (!stats.ok()) return stats.status();
  auto q = QuantizeWithStatistics(*prepared, *stats, QuantizerOptions(), nullptr);
  if (!q.ok()) return q.status();
  return QuantizedForTest{*std::move(prepared), *std::move(q)};
}

// On a held-out image, the INT8 model `q` of `prepared` is within
// `fp32_tolerance` of FP32 and within 0.02 of its own reference kernels,
// running `op_type` on oneDNN.
void ExpectInt8TracksFp32(const ir::Graph& prepared, const ir::Graph& q, double fp32_tolerance,
                          const std::string& op_type) {
  runtime::SessionOptions so;
  so.num_threads = 1;
  auto fp32 = runtime::Session::Create(prepared, so);
  auto int8 = runtime::Session::Create(q, so);
  so.backend = runtime::Backend::kReference;
  auto int8_reference = runtime::Session::Create(q, so);
  ASSERT_TRUE(fp32.ok() && int8.ok() && int8_reference.ok());
  EXPECT_TRUE(testing::RunsOnOnednn(**int8, op_type));
  std::vector<std::vector<float>> input(1, std::vector<float>(3 * 16 * 16));
  ASSERT_TRUE(Images(20).load(17, input[0].data()).ok());
  auto want = testing::RunSession(**fp32, input);
  auto got = testing::RunSession(**int8, input);
  auto exact = testing::RunSession(**int8_reference, input);
  ASSERT_TRUE(want.ok() && got.ok() && exact.ok());
  EXPECT_LT(testing::MaxRelativeError(*got, *want), fp32_tolerance);
  EXPECT_LT(testing::MaxRelativeError(*got, *exact), 0.02);
}

// Squeeze-excite: the gating Mul runs INT8 on the conv's INT8 output, reading
// the gate in f32 (written in f32 by the gate conv itself): no dequantize or
// quantize step around it.
TEST(QuantizerSqueezeExciteTest, GatingMulRunsInt8WithAnF32Gate) {
  GraphBuilder b(9);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {16, 3, 3, 3}, -0.5f, 0.5f).Random("wr", {4, 16, 1, 1}, -0.5f, 0.5f);
  b.Random("we", {16, 4, 1, 1}, -0.5f, 0.5f).Random("w2", {8, 16, 1, 1}, -0.4f, 0.4f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c1"}, {"r1"});
  b.Node("GlobalAveragePool", {"r1"}, {"pooled"}).Node("Conv", {"pooled", "wr"}, {"reduced"});
  b.Node("Relu", {"reduced"}, {"rr"}).Node("Conv", {"rr", "we"}, {"expanded"});
  b.Node("Sigmoid", {"expanded"}, {"gate"}).Node("Mul", {"gate", "r1"}, {"se"});
  b.Node("Conv", {"se", "w2"}, {"y"}).Output("y");
  auto quantized = QuantizeForTest(*b.Build());
  ASSERT_TRUE(quantized.ok()) << quantized.status();
  const ir::Graph* q = &quantized->int8;

  const ir::Node* mul = nullptr;
  for (const auto& n : q->nodes()) {
    if (n->op_type == "Mul") mul = n.get();
  }
  ASSERT_NE(mul, nullptr);
  EXPECT_EQ(q->FindTensor(mul->inputs[0])->dtype, ir::DataType::kF32);  // the gate
  EXPECT_EQ(q->FindTensor(mul->inputs[1])->dtype, ir::DataType::kU8);   // ReLU output
  EXPECT_TRUE(ir::IsInt8(q->FindTensor(mul->outputs[0])->dtype));
  EXPECT_EQ(OpCounts(*q)["DequantizeLinear"], 0);
  EXPECT_EQ(OpCounts(*q)["QuantizeLinear"], 1);  // the image

  // One requantization by channel on mint8's kernel (runtime/ops/binary.cc).
  ExpectInt8TracksFp32(quantized->prepared, *q, 0.05, "Mul");
}

// Attention: Q x K' runs INT8 on the two projections' INT8 outputs and
// writes f32 scores for the softmax; P x V keeps the probabilities f32.
TEST(QuantizerAttentionTest, ScoresRunInt8AndProbabilitiesStayF32) {
  GraphBuilder b(5);
  b.Input("x", {1, 3, 16, 16});
  for (const char* w : {"wq", "wk", "wv"}) b.Random(w, {8, 3, 1, 1}, -0.5f, 0.5f);
  b.Ints("flat", {1, 8, 256});
  for (const char* p : {"q", "k", "v"}) {
    const std::string n = p;
    b.Node("Conv", {"x", "w" + n}, {n + "c"}).Node("Reshape", {n + "c", "flat"}, {n + "r"});
  }
  b.Node("Transpose", {"qr"}, {"qt"}, Attrs({{"perm", Ints{0, 2, 1}}}));
  b.Node("MatMul", {"qt", "kr"}, {"scores"})
      .Node("Softmax", {"scores"}, {"p"}, Attrs({{"axis", int64_t{-1}}}));
  b.Node("Transpose", {"vr"}, {"vt"}, Attrs({{"perm", Ints{0, 2, 1}}}));
  b.Node("MatMul", {"p", "vt"}, {"y"}).Output("y");
  auto quantized = QuantizeForTest(*b.Build());
  ASSERT_TRUE(quantized.ok()) << quantized.status();
  const ir::Graph* q = &quantized->int8;

  std::vector<const ir::Node*> matmuls;
  for (const auto& n : q->nodes()) {
    if (n->op_type == "MatMul") matmuls.push_back(n.get());
  }
  ASSERT_EQ(matmuls.size(), 2u);
  const ir::Node* scores =
      q->FindTensor(matmuls[0]->inputs[0])->shape.dim(2).size == 8 ? matmuls[0] : matmuls[1];
  const ir::Node* weighted = scores == matmuls[0] ? matmuls[1] : matmuls[0];
  EXPECT_EQ(q->FindTensor(scores->inputs[0])->dtype, ir::DataType::kS8);
  EXPECT_EQ(q->FindTensor(scores->inputs[1])->dtype, ir::DataType::kS8);
  EXPECT_EQ(q->FindTensor(scores->outputs[0])->dtype, ir::DataType::kF32);  // dequantization folded
  EXPECT_EQ(q->FindTensor(weighted->inputs[0])->dtype, ir::DataType::kF32);
  ExpectInt8TracksFp32(quantized->prepared, *q, 0.05, "MatMul");
}

// DenseNet's pre-activation: BatchNorm + ReLU after a Concat run as one
// INT8 depthwise 1x1 convolution, reading the concatenation's INT8 values
// (no dequantize, no FP32 BatchNorm, no quantize).
TEST(QuantizerPreActivationTest, BatchNormAfterConcatRunsInt8) {
  GraphBuilder b(11);
  b.Input("x", {1, 3, 16, 16});  // Images() writes 16x16
  b.Random("w1", {8, 3, 3, 3}, -0.5f, 0.5f).Random("w2", {8, 3, 3, 3}, -0.5f, 0.5f);
  b.Random("g", {16}, 0.5f, 1.5f).Random("be", {16}, -0.3f, 0.3f).Random("m", {16}, -0.2f, 0.2f);
  b.Random("v", {16}, 0.5f, 1.5f).Random("w3", {8, 16, 1, 1}, -0.4f, 0.4f);
  b.Node("Conv", {"x", "w1"}, {"c1"}).Node("Conv", {"x", "w2"}, {"c2"});
  b.Node("Concat", {"c1", "c2"}, {"cat"}, Attrs({{"axis", int64_t{1}}}));
  b.Node("BatchNormalization", {"cat", "g", "be", "m", "v"}, {"bn"}).Node("Relu", {"bn"}, {"r"});
  b.Node("Conv", {"r", "w3"}, {"y"}).Output("y");
  auto prepared = PrepareForQuantization(*b.Build(), {});
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  EXPECT_EQ(OpCounts(*prepared)["BatchNormalization"], 0);
  auto stats = Calibrate(*prepared, Images(12), 4, nullptr);
  ASSERT_TRUE(stats.ok()) << stats.status();
  QuantizationReport report;
  auto q = QuantizeWithStatistics(*prepared, *stats, QuantizerOptions(), &report);
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_EQ(report.fp32_nodes, 0);
  EXPECT_EQ(OpCounts(*q)["Conv"], 4);
  EXPECT_EQ(OpCounts(*q)["DequantizeLinear"], 0);
  EXPECT_EQ(OpCounts(*q)["QuantizeLinear"], 1);  // the image

  // Three quantized layers, 7-bit activations on CPUs without VNNI.
  ExpectInt8TracksFp32(*prepared, *q, 0.1, "Conv");
}

// A detector's FPN step: the coarser map upsampled (nearest) and added to
// the lateral map, the sum read by a convolution. The upsampling keeps its
// input's scale, the sum gets its own: no dequantize or quantize step.
TEST(QuantizerFpnTest, UpsamplingAndSumOfTwoScalesRunInt8) {
  GraphBuilder b(13);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {8, 3, 3, 3}, -0.5f, 0.5f).Random("w2", {8, 8, 3, 3}, -0.3f, 0.3f);
  b.Random("w3", {8, 8, 3, 3}, -0.3f, 0.3f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c1"}, {"lateral"});
  b.Node("Conv", {"lateral", "w2"}, {"c2"}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"strides", Ints{2, 2}}}));
  b.Node("Relu", {"c2"}, {"coarse"});
  b.Floats("roi", {0}, {}).Floats("scales", {4}, {1, 1, 2, 2});
  b.Node("Resize", {"coarse", "roi", "scales"}, {"up"}, Attrs({{"mode", std::string("nearest")}}));
  b.Node("Add", {"up", "lateral"}, {"sum"});
  b.Node("Conv", {"sum", "w3"}, {"y"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Output("y");
  auto quantized = QuantizeForTest(*b.Build());
  ASSERT_TRUE(quantized.ok()) << quantized.status();
  const ir::Graph* q = &quantized->int8;
  for (const auto& n : q->nodes()) {
    if (n->op_type != "Resize" && n->op_type != "Add") continue;
    EXPECT_TRUE(ir::IsInt8(q->FindTensor(n->outputs[0])->dtype)) << n->op_type;
    const ir::Quantization& out = *q->FindTensor(n->outputs[0])->quantization;
    const ir::Quantization& in = *q->FindTensor(n->inputs[0])->quantization;
    EXPECT_EQ(n->op_type == "Resize", out == in) << n->op_type << " keeps its input's scale";
  }
  EXPECT_EQ(OpCounts(*q)["DequantizeLinear"], 0);
  EXPECT_EQ(OpCounts(*q)["QuantizeLinear"], 1);  // the image
  ExpectInt8TracksFp32(quantized->prepared, *q, 0.1, "Binary");
}

// A text detector's head: two 2x2 stride-2 deconvolutions, the second to a
// one-channel probability map (sigmoid). Both run INT8 (the second on
// mint8's patch kernel, oneDNN having only reference code for one INT8
// output channel): the map between them stays 8-bit, no dequantize step.
TEST(QuantizerFpnTest, DetectorHeadDeconvolutionsRunInt8) {
  GraphBuilder b(19);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {16, 3, 3, 3}, -0.5f, 0.5f).Random("wt1", {16, 8, 2, 2}, -0.4f, 0.4f);
  b.Random("bt1", {8}, -0.2f, 0.2f).Random("wt2", {8, 1, 2, 2}, -0.5f, 0.5f).Random("bt2", {1}, -0.2f, 0.2f);
  const ir::Attributes stride2 = Attrs({{"strides", Ints{2, 2}}});
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c1"}, {"r1"});
  b.Node("ConvTranspose", {"r1", "wt1", "bt1"}, {"u1"}, stride2).Node("Relu", {"u1"}, {"r2"});
  b.Node("ConvTranspose", {"r2", "wt2", "bt2"}, {"u2"}, stride2).Node("Sigmoid", {"u2"}, {"y"}).Output("y");
  auto quantized = QuantizeForTest(*b.Build());
  ASSERT_TRUE(quantized.ok()) << quantized.status();
  const ir::Graph* q = &quantized->int8;
  for (const auto& n : q->nodes()) {
    if (n->op_type == "ConvTranspose") {
      EXPECT_TRUE(ir::IsInt8(q->FindTensor(n->inputs[0])->dtype)) << n->name;
    }
  }
  EXPECT_EQ(OpCounts(*q)["ConvTranspose"], 2);
  EXPECT_EQ(OpCounts(*q)["DequantizeLinear"], 0);
  EXPECT_EQ(OpCounts(*q)["QuantizeLinear"], 1);  // the image
  ExpectInt8TracksFp32(quantized->prepared, *q, 0.1, "ConvTranspose");
}

// A residual stream (each sum read by the next one) is not rounded to 8 bits
// at every block: the first sum of the chain runs INT8, the next stays f32.
TEST(QuantizerFpnTest, SumsOfSumsStayF32) {
  GraphBuilder b(17);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {8, 3, 3, 3}, -0.5f, 0.5f);
  for (const char* w : {"w2", "w3", "w4"}) b.Random(w, {8, 8, 3, 3}, -0.3f, 0.3f);
  const ir::Attributes same = Attrs({{"pads", Ints{1, 1, 1, 1}}});
  b.Node("Conv", {"x", "w1"}, {"c1"}, same).Node("Relu", {"c1"}, {"a"});
  // Pooled branches: a sum of a convolution's output would fuse into it.
  const ir::Attributes pool = Attrs({{"kernel_shape", Ints{3, 3}}, {"pads", Ints{1, 1, 1, 1}}});
  b.Node("Conv", {"a", "w2"}, {"c2"}, same)
      .Node("Relu", {"c2"}, {"r2"})
      .Node("MaxPool", {"r2"}, {"branch1"}, pool);
  b.Node("Add", {"a", "branch1"}, {"s1"});
  b.Node("Conv", {"s1", "w3"}, {"c3"}, same)
      .Node("Relu", {"c3"}, {"r3"})
      .Node("MaxPool", {"r3"}, {"branch2"}, pool);
  b.Node("Add", {"s1", "branch2"}, {"s2"});
  b.Node("Conv", {"s2", "w4"}, {"y"}, same).Output("y");
  auto quantized = QuantizeForTest(*b.Build());
  ASSERT_TRUE(quantized.ok()) << quantized.status();
  std::vector<ir::DataType> sums;
  for (const auto& n : quantized->int8.nodes()) {
    if (n->op_type == "Add") sums.push_back(quantized->int8.FindTensor(n->outputs[0])->dtype);
  }
  ASSERT_EQ(sums.size(), 2u);
  EXPECT_TRUE(ir::IsInt8(sums[0]));
  EXPECT_EQ(sums[1], ir::DataType::kF32);
}

// A sum that an FP32 op reads (a transformer's residual sum before its
// LayerNorm) stays f32: in INT8 it would only be rounded before being
// dequantized.
TEST(QuantizerFpnTest, SumReadByLayerNormStaysF32) {
  GraphBuilder b(19);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {8, 3, 3, 3}, -0.5f, 0.5f).Random("w2", {8, 8, 3, 3}, -0.3f, 0.3f);
  b.Random("gamma", {16}, 0.5f, 1.5f).Random("beta", {16}, -0.2f, 0.2f);
  const ir::Attributes same = Attrs({{"pads", Ints{1, 1, 1, 1}}});
  const ir::Attributes pool = Attrs({{"kernel_shape", Ints{3, 3}}, {"pads", Ints{1, 1, 1, 1}}});
  b.Node("Conv", {"x", "w1"}, {"c1"}, same).Node("Relu", {"c1"}, {"a"});
  b.Node("Conv", {"a", "w2"}, {"c2"}, same)
      .Node("Relu", {"c2"}, {"r2"})
      .Node("MaxPool", {"r2"}, {"branch"}, pool);
  b.Node("Add", {"a", "branch"}, {"s"});
  b.Node("LayerNormalization", {"s", "gamma", "beta"}, {"y"}, Attrs({{"axis", int64_t{-1}}})).Output("y");
  auto quantized = QuantizeForTest(*b.Build());
  ASSERT_TRUE(quantized.ok()) << quantized.status();
  int sums = 0;
  for (const auto& n : quantized->int8.nodes()) {
    if (n->op_type != "Add") continue;
    ++sums;
    EXPECT_EQ(quantized->int8.FindTensor(n->outputs[0])->dtype, ir::DataType::kF32);
  }
  EXPECT_EQ(sums, 1);
}

}  // namespace
}  // namespace mint8::quantization
