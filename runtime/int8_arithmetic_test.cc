#include "runtime/int8_arithmetic.h"

#include <cstdint>
#include <vector>

#include "gtest/gtest.h"

namespace mint8::runtime {
namespace {

ir::TensorInfo Tensor(ir::DataType dtype, std::vector<float> scales, int32_t zero_point = 0) {
  ir::TensorInfo t;
  t.name = "t";
  t.dtype = dtype;
  t.quantization = ir::Quantization{std::move(scales), {zero_point}, 0};
  return t;
}

TEST(Int8ArithmeticTest, FoldedZeroPointBiasMatchesSubtractingTheZeroPoint) {
  // x [1, 3] u8 with zero point 7, w [3, 2] (K x N) and its transpose.
  const std::vector<int8_t> w = {1, -2, 3, 4, -5, 6}, wt = {1, 3, -5, -2, 4, 6};
  const std::vector<int32_t> bias = {10, -20};
  const std::vector<int32_t> x = {9, 0, 255};
  for (bool transposed : {false, true}) {
    const std::vector<int32_t> folded =
        FoldSourceZeroPoint((transposed ? wt : w).data(), 3, 2, transposed, bias.data(), 7);
    for (int j = 0; j < 2; ++j) {
      int32_t with_zero_point = bias[j], folded_sum = folded[j];
      for (int k = 0; k < 3; ++k) {
        with_zero_point += (x[k] - 7) * w[k * 2 + j];
        folded_sum += x[k] * w[k * 2 + j];
      }
      EXPECT_EQ(folded_sum, with_zero_point) << "column " << j << (transposed ? " transposed" : "");
    }
  }
  EXPECT_EQ(FoldSourceZeroPoint(w.data(), 3, 2, false, nullptr, 0), (std::vector<int32_t>{0, 0}));
}

TEST(Int8ArithmeticTest, QuantizationReordersScaleAndShift) {
  ir::Quantization u8{{0.5f}, {3}, 0};
  auto q = QuantizeReorder(u8);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->scale, 2.f);
  EXPECT_EQ(q->dst_zero_point, 3);
  EXPECT_FALSE(q->clip.has_value());
  auto dq = DequantizeReorder(u8);
  ASSERT_TRUE(dq.ok());
  EXPECT_EQ(dq->scale, 0.5f);
  EXPECT_EQ(dq->src_zero_point, 3);
  auto rq = RequantizeReorder(u8, ir::Quantization{{0.25f}, {-1}, 0});
  ASSERT_TRUE(rq.ok());
  EXPECT_EQ(rq->scale, 2.f);
  EXPECT_EQ(rq->src_zero_point, 3);
  EXPECT_EQ(rq->dst_zero_point, -1);
}

// 7-bit activations (u8 in [0, 127]): the real values are clipped to the
// range first, so the reorder cannot leave it.
TEST(Int8ArithmeticTest, NarrowedRangesClipOrRefuse) {
  ir::Quantization narrow{{0.1f}, {0}, 0};
  narrow.qmin = 0;
  narrow.qmax = 127;
  ASSERT_TRUE(narrow.narrowed());
  auto q = QuantizeReorder(narrow);
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(q->clip.has_value());
  EXPECT_EQ(q->clip->alpha, 0.f);
  EXPECT_FLOAT_EQ(q->clip->beta, 12.7f);
  EXPECT_TRUE(absl::IsUnimplemented(RequantizeReorder(ir::Quantization{{0.2f}, {0}, 0}, narrow).status()));
  EXPECT_TRUE(absl::IsUnimplemented(QuantizeReorder(ir::Quantization{{0.1f, 0.2f}, {0}, 0}).status()));
}

TEST(Int8ArithmeticTest, EpilogueFoldsScalesPerChannel) {
  const ir::TensorInfo x = Tensor(ir::DataType::kU8, {0.5f}, 4);
  const ir::TensorInfo w = Tensor(ir::DataType::kS8, {0.1f, 0.2f});
  const ir::TensorInfo y = Tensor(ir::DataType::kU8, {0.25f});
  std::vector<ir::PostOp> post_ops = {{ir::PostOpKind::kRelu}};
  auto e = Int8Epilogue(x, w, 2, nullptr, y, post_ops);
  ASSERT_TRUE(e.ok()) << e.status();
  ASSERT_EQ(e->output_scales.size(), 2u);
  // s_x * s_w[c] / s_y: relu commutes with the positive output scale.
  EXPECT_FLOAT_EQ(e->output_scales[0] * e->post_scale, 0.5f * 0.1f / 0.25f);
  EXPECT_FLOAT_EQ(e->output_scales[1] * e->post_scale, 0.5f * 0.2f / 0.25f);
  EXPECT_EQ(e->src_zero_point, 4);
  const ir::TensorInfo asymmetric_w = Tensor(ir::DataType::kS8, {0.1f}, 1);
  EXPECT_FALSE(Int8Epilogue(x, asymmetric_w, 1, nullptr, y, post_ops).ok());
}

}  // namespace
}  // namespace mint8::runtime
