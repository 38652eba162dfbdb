#include "quantization/qat/qdq_harvest.h"

#include <cmath>

#include "gtest/gtest.h"
#include "ir/graph.h"

namespace mint8::quantization {
namespace {

void Constant(ir::Graph& g, const std::string& name, ir::DataType type, ir::Dims dims, const void* data,
              size_t bytes) {
  g.AddConstant(name, type, dims, ir::Buffer::Copy(data, bytes));
}
void Scalar(ir::Graph& g, const std::string& name, float v) {
  Constant(g, name, ir::DataType::kF32, {}, &v, sizeof(v));
}
void ZeroPoint(ir::Graph& g, const std::string& name, ir::DataType type, int v) {
  const uint8_t byte = static_cast<uint8_t>(v);
  Constant(g, name, type, {}, &byte, 1);
}

// x -> Q/DQ (u8, 1/128, zp 128) -> Conv(w: s8 initializer -> DQ per channel)
//   -> Relu -> Q/DQ (u8, 0.02) -> Conv(w2: float -> Q -> DQ, s8 0.1) -> y
ir::Graph QdqNetwork() {
  ir::Graph g;
  g.AddTensor("x", ir::DataType::kF32, ir::Shape::Of({1, 2, 4, 4}));
  g.inputs().push_back("x");
  Scalar(g, "xs", 1.f / 128);
  ZeroPoint(g, "xz", ir::DataType::kU8, 128);
  g.AddNode({"xq", "QuantizeLinear", {"x", "xs", "xz"}, {"x_q"}, {}});
  g.AddNode({"xdq", "DequantizeLinear", {"x_q", "xs", "xz"}, {"x_dq"}, {}});
  const int8_t w[6] = {-3, 1, 7, 2, -128, 127};
  Constant(g, "w_int", ir::DataType::kS8, {3, 2, 1, 1}, w, sizeof(w));
  const float ws[3] = {0.5f, 0.25f, 0.125f};
  Constant(g, "ws", ir::DataType::kF32, {3}, ws, sizeof(ws));
  ir::Attributes axis0;
  axis0.Set("axis", int64_t{0});
  g.AddNode({"wdq", "DequantizeLinear", {"w_int", "ws"}, {"w"}, axis0});
  g.AddNode({"conv1", "Conv", {"x_dq", "w"}, {"c1"}, {}});
  g.AddNode({"relu1", "Relu", {"c1"}, {"r1"}, {}});
  Scalar(g, "rs", 0.02f);
  ZeroPoint(g, "rz", ir::DataType::kU8, 0);
  g.AddNode({"rq", "QuantizeLinear", {"r1", "rs", "rz"}, {"r1_q"}, {}});
  g.AddNode({"rdq", "DequantizeLinear", {"r1_q", "rs", "rz"}, {"r1_dq"}, {}});
  const float w2[3] = {0.12f, -0.26f, 20.f};
  Constant(g, "w2_f", ir::DataType::kF32, {1, 3, 1, 1}, w2, sizeof(w2));
  Scalar(g, "w2s", 0.1f);
  ZeroPoint(g, "w2z", ir::DataType::kS8, 0);
  g.AddNode({"w2q", "QuantizeLinear", {"w2_f", "w2s", "w2z"}, {"w2_q"}, {}});
  g.AddNode({"w2dq", "DequantizeLinear", {"w2_q", "w2s", "w2z"}, {"w2"}, {}});
  g.AddNode({"conv2", "Conv", {"r1_dq", "w2"}, {"y"}, {}});
  g.outputs().push_back("y");
  return g;
}

TEST(QdqHarvestTest, RecordsActivationScalesAndFoldsWeights) {
  ir::Graph g = QdqNetwork();
  auto scales = HarvestQdqScales(g);
  ASSERT_TRUE(scales.ok()) << scales.status();
  EXPECT_FALSE(HasQdqNodes(g));

  ASSERT_TRUE(scales->activations.count("x"));
  EXPECT_EQ(scales->activations.at("x").scale, 1.f / 128);
  EXPECT_EQ(scales->activations.at("x").zero_point, 128);
  EXPECT_EQ(scales->activations.at("x").dtype, ir::DataType::kU8);
  EXPECT_DOUBLE_EQ(scales->activations.at("x").lowest(), -1.0);
  EXPECT_DOUBLE_EQ(scales->activations.at("x").highest(), 127.0 / 128);
  ASSERT_TRUE(scales->activations.count("r1"));
  EXPECT_EQ(scales->activations.at("r1").scale, 0.02f);
  EXPECT_DOUBLE_EQ(scales->activations.at("r1").highest(), 255 * double{0.02f});
  EXPECT_FALSE(scales->activations.count("w"));
  ASSERT_TRUE(scales->weights.count("w"));
  EXPECT_EQ(scales->weights.at("w").scales, std::vector<float>({0.5f, 0.25f, 0.125f}));
  EXPECT_EQ(scales->weights.at("w").axis, 0);
  ASSERT_TRUE(scales->weights.count("w2"));
  EXPECT_EQ(scales->weights.at("w2").scales, std::vector<float>({0.1f}));

  // Integer weights: (q - 0) * per-channel scale.
  const ir::TensorInfo* w = g.FindConstant("w");
  ASSERT_NE(w, nullptr);
  const float expected_w[6] = {-1.5f, 0.5f, 1.75f, 0.5f, -16.f, 15.875f};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(w->data->data<float>()[i], expected_w[i]) << i;
  // Float weights through Q -> DQ: rounded to the 0.1 grid, saturated at 127.
  const ir::TensorInfo* w2 = g.FindConstant("w2");
  ASSERT_NE(w2, nullptr);
  EXPECT_FLOAT_EQ(w2->data->data<float>()[0], 0.1f);
  EXPECT_FLOAT_EQ(w2->data->data<float>()[1], -0.3f);
  EXPECT_FLOAT_EQ(w2->data->data<float>()[2], 12.7f);

  // The activation pairs became Identity nodes on the quantized tensor.
  int identities = 0;
  for (const auto& n : g.nodes()) {
    if (n->op_type == "Identity") {
      ++identities;
      EXPECT_TRUE(n->inputs[0] == "x" || n->inputs[0] == "r1") << n->inputs[0];
    }
  }
  EXPECT_EQ(identities, 2);
}

TEST(QdqHarvestTest, QuantizeWithoutDequantizeIsAnError) {
  ir::Graph g;
  g.AddTensor("x", ir::DataType::kF32, ir::Shape::Of({1, 4}));
  g.inputs().push_back("x");
  Scalar(g, "s", 0.1f);
  g.AddNode({"q", "QuantizeLinear", {"x", "s"}, {"xq"}, {}});
  g.AddNode({"cast", "Cast", {"xq"}, {"y"}, {}});
  g.outputs().push_back("y");
  auto scales = HarvestQdqScales(g);
  ASSERT_FALSE(scales.ok());
  EXPECT_NE(scales.status().message().find("QuantizeLinear 'q' feeds Cast 'cast'"), std::string::npos)
      << scales.status();
}

TEST(QdqHarvestTest, PerChannelActivationScalesAreAnError) {
  ir::Graph g;
  g.AddTensor("x", ir::DataType::kF32, ir::Shape::Of({1, 2}));
  g.inputs().push_back("x");
  const float s[2] = {0.1f, 0.2f};
  Constant(g, "s", ir::DataType::kF32, {2}, s, sizeof(s));
  g.AddNode({"q", "QuantizeLinear", {"x", "s"}, {"xq"}, {}});
  g.AddNode({"dq", "DequantizeLinear", {"xq", "s"}, {"y"}, {}});
  g.outputs().push_back("y");
  auto scales = HarvestQdqScales(g);
  ASSERT_FALSE(scales.ok());
  EXPECT_NE(scales.status().message().find("per-channel activation"), std::string::npos) << scales.status();
}

}  // namespace
}  // namespace mint8::quantization
