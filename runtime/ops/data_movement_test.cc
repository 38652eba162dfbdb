// Transpose, Slice, Concat and ReduceMean on oneDNN (reorders, a reduction),
// and ChannelShuffle on mint8's kernel, give
// exactly what the reference kernels give, from blocked producer layouts,
// on FP32 and on INT8 data; what oneDNN cannot do stays on the reference.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::runtime {
namespace {

using testing::Attrs;

// Builds the graph, runs it on both backends and checks where `op` ran.
void ExpectSame(testing::GraphBuilder& b, const std::string& op, bool on_onednn) {
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  std::unique_ptr<Session> onednn;
  absl::StatusOr<double> difference = testing::BackendDifference(*g, 3, &onednn);
  ASSERT_TRUE(difference.ok()) << difference.status();
  EXPECT_LT(*difference, 1e-6);
  EXPECT_EQ(testing::RunsOnOnednn(*onednn, op), on_onednn);
}

// Optimized oneDNN against the reference running the ops as written: the
// same numbers (within `tolerance`), and no step runs one of
// `rewritten_away`. The oneDNN session goes to `session` when given.
void ExpectSameAsWritten(testing::GraphBuilder& b, const std::vector<std::string>& rewritten_away,
                         std::unique_ptr<Session>* session = nullptr, double tolerance = 1e-6) {
  auto g = b.Build();
  ASSERT_TRUE(g.ok()) << g.status();
  std::unique_ptr<Session> onednn;
  absl::StatusOr<double> difference =
      testing::BackendDifference(*g, 3, &onednn, testing::Optimization::kOnednnOnly);
  ASSERT_TRUE(difference.ok()) << difference.status();
  EXPECT_LT(*difference, tolerance);
  for (const auto& step : onednn->plan().steps) {
    for (const std::string& op : rewritten_away) EXPECT_NE(step.kernel->op_type(), op);
  }
  if (session != nullptr) *session = std::move(onednn);
}

// A per-tensor u8 quantization, and its scale "s" and zero point "zp" as
// constants of `b`.
ir::Quantization AddQuantization(testing::GraphBuilder& b, float scale, int32_t zero_point) {
  ir::Quantization q;
  q.scales = {scale};
  q.zero_points = {zero_point};
  b.Floats("s", {}, {scale}).QuantizedConstant("zp", ir::DataType::kU8, {}, {zero_point});
  return q;
}

// A conv first gives its consumers a blocked layout, as in real models.
testing::GraphBuilder ConvInput(ir::Dims x, int64_t channels) {
  testing::GraphBuilder b(2);
  b.Input("x", x).Random("w", {channels, x[1], 1, 1}).Node("Conv", {"x", "w"}, {"c"});
  return b;
}

TEST(DataMovementTest, TransposeOfABlockedTensor) {
  testing::GraphBuilder b = ConvInput({1, 8, 5, 7}, 32);
  b.Node("Transpose", {"c"}, {"y"}, Attrs({{"perm", std::vector<int64_t>{0, 2, 3, 1}}}));
  ExpectSame(b.Output("y"), "Transpose", true);
}

// ShuffleNet's unit: two branches concatenated, shuffled, split in halves.
// The Concat, Reshape, Transpose and Reshape become one ChannelShuffle step
// on mint8's kernel (not the reference), with the numbers the ops as
// written give.
TEST(DataMovementTest, ChannelShuffleRunsAsOneStep) {
  testing::GraphBuilder b = ConvInput({1, 8, 6, 6}, 24);
  b.Random("w2", {24, 8, 1, 1}).Node("Conv", {"x", "w2"}, {"c2"});
  b.Ints("groups", {1, 2, 24, 6, 6}).Ints("flat", {1, 48, 6, 6});
  b.Node("Concat", {"c", "c2"}, {"joined"}, Attrs({{"axis", int64_t{1}}}));
  b.Node("Reshape", {"joined", "groups"}, {"g"});
  b.Node("Transpose", {"g"}, {"t"}, Attrs({{"perm", std::vector<int64_t>{0, 2, 1, 3, 4}}}));
  b.Node("Reshape", {"t", "flat"}, {"shuffled"});
  b.Ints("starts", {0}).Ints("middle", {24}).Ints("ends", {48}).Ints("axes", {1});
  b.Node("Slice", {"shuffled", "starts", "middle", "axes"}, {"left"});
  b.Node("Slice", {"shuffled", "middle", "ends", "axes"}, {"right"});
  std::unique_ptr<Session> onednn;
  ExpectSameAsWritten(b.Output("left").Output("right"), {"Transpose", "Concat"}, &onednn);
  ASSERT_NE(onednn, nullptr);
  EXPECT_TRUE(testing::RunsOnOnednn(*onednn, "ChannelShuffle"));
}

// On quantized values (three groups: the reference loop of the kernel) and
// u8 halves (the vector loop), against the reference kernel.
TEST(DataMovementTest, Int8ChannelShuffleMovesQuantizedValues) {
  testing::GraphBuilder b = ConvInput({1, 8, 4, 6}, 36);
  b.Random("w2", {36, 8, 1, 1}).Node("Conv", {"x", "w2"}, {"c2"});
  const ir::Quantization q = AddQuantization(b, 0.02f, 7);
  b.Tensor("cq", ir::DataType::kU8, q).Node("QuantizeLinear", {"c", "s", "zp"}, {"cq"});
  b.Tensor("c2q", ir::DataType::kU8, q).Node("QuantizeLinear", {"c2", "s", "zp"}, {"c2q"});
  b.Tensor("halves", ir::DataType::kU8, q).Tensor("thirds", ir::DataType::kU8, q);
  b.Node("ChannelShuffle", {"cq", "c2q"}, {"halves"}, Attrs({{"groups", int64_t{2}}}));
  b.Node("ChannelShuffle", {"cq", "c2q"}, {"thirds"}, Attrs({{"groups", int64_t{3}}}));
  b.Node("DequantizeLinear", {"halves", "s", "zp"}, {"y"});
  b.Node("DequantizeLinear", {"thirds", "s", "zp"}, {"z"});
  ExpectSame(b.Output("y").Output("z"), "ChannelShuffle", true);
}

// Squeeze-excite's gate before an INT8 layer: Mul by one value per channel,
// then QuantizeLinear, becomes one ScaledQuantizeLinear step on mint8's
// kernel; the values are the reference's (within a quantization step: the
// reference divides by the scale, the kernel multiplies by its inverse).
TEST(DataMovementTest, GatedQuantizationRunsAsOneStep) {
  testing::GraphBuilder b = ConvInput({1, 8, 5, 7}, 24);
  b.Input("gate", {1, 24, 1, 1}).Node("Sigmoid", {"gate"}, {"g"}).Node("Mul", {"c", "g"}, {"gated"});
  const ir::Quantization q = AddQuantization(b, 0.02f, 3);
  b.Tensor("gq", ir::DataType::kU8, q).Node("QuantizeLinear", {"gated", "s", "zp"}, {"gq"});
  b.Node("DequantizeLinear", {"gq", "s", "zp"}, {"y"});
  std::unique_ptr<Session> onednn;
  ExpectSameAsWritten(b.Output("y"), {"Binary", "Mul"}, &onednn, /*tolerance=*/0.0201);
  ASSERT_NE(onednn, nullptr);
  EXPECT_TRUE(testing::RunsOnOnednn(*onednn, "ScaledQuantizeLinear"));
}

TEST(DataMovementTest, SliceWithConstantWindow) {
  testing::GraphBuilder b = ConvInput({1, 8, 5, 7}, 24);
  b.Ints("starts", {5, -4}).Ints("ends", {17, 1000}).Ints("axes", {1, 3});
  b.Node("Slice", {"c", "starts", "ends", "axes"}, {"y"});
  ExpectSame(b.Output("y"), "Slice", true);
}

// Positive steps pick a strided window (Swin's patch merging takes every
// other row and column of a channels-last tensor); negative ones stay on the
// reference kernel.
TEST(DataMovementTest, SliceWithPositiveStepsRunsOnOnednn) {
  testing::GraphBuilder conv = ConvInput({1, 8, 5, 7}, 24);
  conv.Ints("starts", {1, 1}).Ints("ends", {20, 7}).Ints("axes", {1, 3}).Ints("steps", {3, 2});
  conv.Node("Slice", {"c", "starts", "ends", "axes", "steps"}, {"y"});
  ExpectSame(conv.Output("y"), "Slice", true);

  testing::GraphBuilder plain(2);
  plain.Input("x", {1, 6, 6, 5}).Ints("starts", {0, 1}).Ints("ends", {6, 6}).Ints("axes", {1, 2});
  plain.Ints("steps", {2, 2}).Node("Slice", {"x", "starts", "ends", "axes", "steps"}, {"y"});
  ExpectSame(plain.Output("y"), "Slice", true);
}

TEST(DataMovementTest, SliceWithNegativeStepsStaysOnTheReference) {
  testing::GraphBuilder b = ConvInput({1, 8, 5, 7}, 24);
  b.Ints("starts", {20}).Ints("ends", {1}).Ints("axes", {1}).Ints("steps", {-3});
  b.Node("Slice", {"c", "starts", "ends", "axes", "steps"}, {"y"});
  ExpectSame(b.Output("y"), "Slice", false);
}

// A Gather of one constant index (Swin's q, k, v) becomes a Slice, and a
// Reshape for a scalar index (ExpansionPass): no Gather step is left.
TEST(DataMovementTest, GatherOfOneIndexRunsAsASlice) {
  testing::GraphBuilder b(2);
  b.Input("x", {3, 2, 4, 5}).QuantizedConstant("i", ir::DataType::kS32, {}, {1}).Ints("last", {-1});
  b.Node("Gather", {"x", "i"}, {"q"}, Attrs({{"axis", int64_t{0}}}));
  b.Node("Gather", {"x", "last"}, {"v"}, Attrs({{"axis", int64_t{2}}}));
  ExpectSameAsWritten(b.Output("q").Output("v"), {"Gather"});
}

// Split becomes one Slice per output (ExpansionPass): oneDNN reorders.
TEST(DataMovementTest, SplitRunsAsSlices) {
  testing::GraphBuilder b = ConvInput({1, 8, 5, 7}, 24);
  b.Ints("sizes", {5, 11, 8});
  b.Node("Split", {"c", "sizes"}, {"y0", "y1", "y2"}, Attrs({{"axis", int64_t{1}}}));
  b.Node("Split", {"c"}, {"z0", "z1"}, Attrs({{"axis", int64_t{-1}}}));  // 4 and 3 columns
  ExpectSameAsWritten(b.Output("y0").Output("y1").Output("y2").Output("z0").Output("z1"), {"Split"});
}

// Concat writes each input into its window of the output (reorders); with
// windows that split the layout's channel blocks, oneDNN's concat.
TEST(DataMovementTest, ConcatOfBlockedTensors) {
  for (int64_t second : {32, 8}) {
    SCOPED_TRACE(second);
    testing::GraphBuilder b = ConvInput({1, 8, 7, 9}, 32);
    b.Random("w2", {second, 8, 3, 3})
        .Node("Conv", {"x", "w2"}, {"d"}, Attrs({{"pads", std::vector<int64_t>{1, 1, 1, 1}}}));
    b.Node("Concat", {"c", "d", "c"}, {"y"}, Attrs({{"axis", int64_t{1}}}));
    ExpectSame(b.Output("y"), "Concat", true);
  }
}

// PyTorch exports avg_pool2d(padding=1) as Pad + AveragePool: the Pad
// becomes the pooling's own padding (no step of its own), same numbers as
// the two ops as written.
TEST(DataMovementTest, ZeroPadBeforeAveragePoolIsThePoolingsPadding) {
  testing::GraphBuilder b = ConvInput({1, 8, 9, 9}, 32);
  b.Ints("pads", {0, 0, 1, 1, 0, 0, 1, 1}).Node("Pad", {"c", "pads"}, {"p"});
  b.Node("AveragePool", {"p"}, {"y"}, Attrs({{"kernel_shape", std::vector<int64_t>{3, 3}}}));
  ExpectSameAsWritten(b.Output("y"), {"Pad"});
}

// Constant padding on several axes, with a value: the pad value everywhere,
// then the input copied into its window of the output.
TEST(DataMovementTest, ConstantPadOfABlockedTensor) {
  testing::GraphBuilder b = ConvInput({1, 8, 5, 7}, 16);
  b.Ints("pads", {0, 1, 2, 0, 0, 3, 1, 2}).Floats("value", {}, {0.75f});
  b.Node("Pad", {"c", "pads", "value"}, {"y"});
  ExpectSame(b.Output("y"), "Pad", true);
}

TEST(DataMovementTest, ReflectPadStaysOnTheReference) {
  testing::GraphBuilder b = ConvInput({1, 8, 5, 7}, 16);
  b.Ints("pads", {0, 0, 1, 1, 0, 0, 1, 1});
  b.Node("Pad", {"c", "pads"}, {"y"}, Attrs({{"mode", std::string("reflect")}}));
  ExpectSame(b.Output("y"), "Pad", false);
}

TEST(DataMovementTest, ReduceMeanOverSpaceAndOverTheLastAxis) {
  testing::GraphBuilder b = ConvInput({1, 8, 5, 7}, 32);
  b.Node("ReduceMean", {"c"}, {"pooled"},
         Attrs({{"axes", std::vector<int64_t>{2, 3}}, {"keepdims", int64_t{0}}}));
  b.Node("ReduceMean", {"c"}, {"rows"}, Attrs({{"axes", std::vector<int64_t>{-1}}}));
  ExpectSame(b.Output("pooled").Output("rows"), "ReduceMean", true);
}

TEST(DataMovementTest, Int8TransposeAndSliceMoveQuantizedValues) {
  testing::GraphBuilder b = ConvInput({1, 8, 4, 6}, 20);
  const ir::Quantization q = AddQuantization(b, 0.02f, 7);
  b.Tensor("cq", ir::DataType::kU8, q).Node("QuantizeLinear", {"c", "s", "zp"}, {"cq"});
  b.Tensor("t", ir::DataType::kU8, q);
  b.Node("Transpose", {"cq"}, {"t"}, Attrs({{"perm", std::vector<int64_t>{0, 3, 1, 2}}}));
  b.Ints("starts", {2}).Ints("ends", {15}).Ints("axes", {2});
  b.Tensor("sq", ir::DataType::kU8, q).Node("Slice", {"t", "starts", "ends", "axes"}, {"sq"});
  b.Node("DequantizeLinear", {"sq", "s", "zp"}, {"y"});
  ExpectSame(b.Output("y"), "Slice", true);
  ExpectSame(b, "Transpose", true);
}

}  // namespace
}  // namespace mint8::runtime
