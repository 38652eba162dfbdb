// Hand-computed cases for the reference kernels. Broader coverage comes from
// the ONNX backend node tests (tests/onnx_conformance_test).
#include <cmath>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "kernels/reference/conv.h"
#include "kernels/reference/elementwise.h"
#include "kernels/reference/gemm.h"
#include "kernels/reference/normalization.h"
#include "kernels/reference/pooling.h"
#include "kernels/reference/tensor_ops.h"

namespace mint8::kernels::reference {
namespace {

using ir::ConstTensorView;
using ir::DataType;
using ir::MutableTensorView;
using ::testing::ElementsAre;

TEST(ReferenceKernelsTest, ConvWithPaddingBiasAndRelu) {
  // 1x1x3x3 input, one 2x2 kernel of ones, pad 1 on top/left only.
  ir::ConvGeometry g;
  g.batch = 1;
  g.in_channels = 1;
  g.out_channels = 1;
  g.window = {2, 2, 1, 1, 1, 1, 1, 1, 0, 0, 3, 3, 3, 3};
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<float> w = {1, 1, 1, 1};
  const float bias = -5;
  std::vector<float> y(9);
  const ir::PostOp relu{ir::PostOpKind::kRelu};
  Conv2dF32(g, x.data(), w.data(), &bias, {&relu, 1}, nullptr, y.data());
  // Window sums: row 0 = 1, 3, 5; row 1 = 5, 12, 16; row 2 = 11, 24, 28; minus 5, relu.
  EXPECT_THAT(y, ElementsAre(0, 0, 0, 0, 7, 11, 6, 19, 23));
}

TEST(ReferenceKernelsTest, DepthwiseConvUsesOneFilterPerChannel) {
  ir::ConvGeometry g;
  g.batch = 1;
  g.in_channels = g.out_channels = g.group = 2;
  g.window = {1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 2, 1, 2};
  const std::vector<float> x = {1, 2, 3, 4};
  const std::vector<float> w = {10, -1};
  std::vector<float> y(4);
  Conv2dF32(g, x.data(), w.data(), nullptr, {}, nullptr, y.data());
  EXPECT_THAT(y, ElementsAre(10, 20, -3, -4));
}

TEST(ReferenceKernelsTest, SumPostOpAddsResidualBeforeActivation) {
  std::vector<float> y = {1, -3, 2};
  const std::vector<float> residual = {1, 1, -5};
  const ir::PostOp ops[] = {{ir::PostOpKind::kSum, 1.f}, {ir::PostOpKind::kRelu}};
  ApplyPostOps(ops, residual.data(), y.data(), 3);
  EXPECT_THAT(y, ElementsAre(2, 0, 0));
}

TEST(ReferenceKernelsTest, GemmTransposedWithBroadcastBias) {
  const std::vector<float> a = {1, 2, 3, 4};        // 2x2
  const std::vector<float> b = {1, 0, 0, 1, 1, 1};  // 3x2, used as B^T
  const std::vector<float> c = {10, 20, 30};
  ConstTensorView cv{DataType::kF32, {3}, c.data()};
  std::vector<float> y(6);
  GemmParams p;
  p.m = 2;
  p.n = 3;
  p.k = 2;
  p.trans_b = true;
  p.alpha = 2;
  p.beta = 1;
  GemmF32(p, a.data(), b.data(), &cv, {}, nullptr, y.data());
  EXPECT_THAT(y, ElementsAre(12, 24, 36, 16, 28, 44));
}

TEST(ReferenceKernelsTest, MatMulBroadcastsBatch) {
  const std::vector<float> a = {1, 2, 3, 4, 5, 6, 7, 8};  // 2x2x2
  const std::vector<float> b = {1, 1, 0, 1};              // 2x2
  std::vector<float> y(8);
  MatMulF32(ConstTensorView{DataType::kF32, {2, 2, 2}, a.data()},
            ConstTensorView{DataType::kF32, {2, 2}, b.data()}, {}, nullptr,
            MutableTensorView{DataType::kF32, {2, 2, 2}, y.data()});
  EXPECT_THAT(y, ElementsAre(1, 3, 3, 7, 5, 11, 7, 15));
}

TEST(ReferenceKernelsTest, BinaryBroadcastAndIntegerDivision) {
  const std::vector<int64_t> a = {7, -7, 8, 9};
  const std::vector<int64_t> b = {2};
  std::vector<int64_t> y(4);
  ASSERT_TRUE(Binary(BinaryOp::kDiv, ConstTensorView{DataType::kS64, {4}, a.data()},
                     ConstTensorView{DataType::kS64, {1}, b.data()},
                     MutableTensorView{DataType::kS64, {4}, y.data()})
                  .ok());
  EXPECT_THAT(y, ElementsAre(3, -3, 4, 4));
  const std::vector<int64_t> zero = {0};
  EXPECT_FALSE(Binary(BinaryOp::kDiv, ConstTensorView{DataType::kS64, {4}, a.data()},
                      ConstTensorView{DataType::kS64, {1}, zero.data()},
                      MutableTensorView{DataType::kS64, {4}, y.data()})
                   .ok());
  const std::vector<float> fa = {1, 2, 3, 4, 5, 6};  // 2x3
  const std::vector<float> fb = {10, 20};            // 2x1
  std::vector<float> fy(6);
  ASSERT_TRUE(Binary(BinaryOp::kAdd, ConstTensorView{DataType::kF32, {2, 3}, fa.data()},
                     ConstTensorView{DataType::kF32, {2, 1}, fb.data()},
                     MutableTensorView{DataType::kF32, {2, 3}, fy.data()})
                  .ok());
  EXPECT_THAT(fy, ElementsAre(11, 12, 13, 24, 25, 26));
}

TEST(ReferenceKernelsTest, CastTruncatesAndSaturates) {
  const std::vector<float> x = {1.9f, -1.9f, 1e20f, NAN};
  std::vector<int32_t> y(4);
  ASSERT_TRUE(Cast(ConstTensorView{DataType::kF32, {4}, x.data()},
                   MutableTensorView{DataType::kS32, {4}, y.data()})
                  .ok());
  EXPECT_THAT(y, ElementsAre(1, -1, 2147483647, 0));
}

TEST(ReferenceKernelsTest, AveragePoolCountIncludePad) {
  ir::PoolGeometry g;
  g.batch = g.channels = 1;
  g.window = {2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
  const std::vector<float> x = {4, 8, 12, 16};
  std::vector<float> y(4);
  AvgPool2dF32(g, x.data(), y.data());
  EXPECT_THAT(y, ElementsAre(4, 8, 12, 16));  // one real element per window
  g.count_include_pad = true;
  AvgPool2dF32(g, x.data(), y.data());
  EXPECT_THAT(y, ElementsAre(1, 2, 3, 4));
}

TEST(ReferenceKernelsTest, MaxPoolIgnoresPadding) {
  ir::PoolGeometry g;
  g.batch = g.channels = 1;
  g.window = {3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2};
  const std::vector<float> x = {-4, -3, -2, -1};
  std::vector<float> y(4);
  MaxPool2d(g, x.data(), y.data());
  EXPECT_THAT(y, ElementsAre(-1, -1, -1, -1));
}

TEST(ReferenceKernelsTest, SoftmaxAxisAndCoercedForms) {
  const std::vector<float> x = {0, 0, std::log(3.f), 0};
  std::vector<float> y(4);
  SoftmaxF32(ConstTensorView{DataType::kF32, {2, 2}, x.data()}, 1, false, y.data());
  EXPECT_NEAR(y[2], 0.75f, 1e-6);
  EXPECT_NEAR(y[0], 0.5f, 1e-6);
  SoftmaxF32(ConstTensorView{DataType::kF32, {1, 2, 2}, x.data()}, 1, true, y.data());
  EXPECT_NEAR(y[2], 0.5f, 1e-6);
  EXPECT_NEAR(y[0], 1.f / 6, 1e-6);
}

TEST(ReferenceKernelsTest, LrnMatchesFormula) {
  const std::vector<float> x = {1, 2, 3};  // 1x3x1x1
  std::vector<float> y(3);
  LrnParams p;
  p.size = 3;
  p.alpha = 3;
  p.beta = 1;
  p.bias = 1;
  LrnF32(p, ConstTensorView{DataType::kF32, {1, 3, 1, 1}, x.data()}, y.data());
  EXPECT_NEAR(y[0], 1.f / (1 + 1 + 4), 1e-6);
  EXPECT_NEAR(y[1], 2.f / (1 + 1 + 4 + 9), 1e-6);
}

TEST(ReferenceKernelsTest, TransposePadSliceGatherConcat) {
  const std::vector<int32_t> x = {1, 2, 3, 4, 5, 6};  // 2x3
  std::vector<int32_t> t(6);
  Transpose(ConstTensorView{DataType::kS32, {2, 3}, x.data()}, std::vector<int64_t>{1, 0},
            MutableTensorView{DataType::kS32, {3, 2}, t.data()});
  EXPECT_THAT(t, ElementsAre(1, 4, 2, 5, 3, 6));

  std::vector<int32_t> p(7);
  const int64_t pads[] = {2, 2};
  Pad(ConstTensorView{DataType::kS32, {3}, x.data()}, pads, PadMode::kReflect, 0,
      MutableTensorView{DataType::kS32, {7}, p.data()});
  EXPECT_THAT(p, ElementsAre(3, 2, 1, 2, 3, 2, 1));
  Pad(ConstTensorView{DataType::kS32, {3}, x.data()}, pads, PadMode::kEdge, 0,
      MutableTensorView{DataType::kS32, {7}, p.data()});
  EXPECT_THAT(p, ElementsAre(1, 1, 1, 2, 3, 3, 3));

  std::vector<int32_t> s(3);
  const int64_t starts[] = {1, 2}, steps[] = {1, -1};
  StridedSlice(ConstTensorView{DataType::kS32, {2, 3}, x.data()}, starts, steps,
               MutableTensorView{DataType::kS32, {1, 3}, s.data()});
  EXPECT_THAT(s, ElementsAre(6, 5, 4));

  const std::vector<int64_t> idx = {-1, 0};
  std::vector<int32_t> g(4);
  ASSERT_TRUE(Gather(ConstTensorView{DataType::kS32, {2, 3}, x.data()},
                     ConstTensorView{DataType::kS64, {2}, idx.data()}, 1,
                     MutableTensorView{DataType::kS32, {2, 2}, g.data()})
                  .ok());
  EXPECT_THAT(g, ElementsAre(3, 1, 6, 4));
  const std::vector<int64_t> bad = {3};
  EXPECT_FALSE(Gather(ConstTensorView{DataType::kS32, {2, 3}, x.data()},
                      ConstTensorView{DataType::kS64, {1}, bad.data()}, 1,
                      MutableTensorView{DataType::kS32, {2, 1}, g.data()})
                   .ok());

  std::vector<int32_t> c(8);
  const ConstTensorView parts[] = {{DataType::kS32, {2, 3}, x.data()},
                                   {DataType::kS32, {2, 1}, x.data()}};
  Concat(parts, 1, MutableTensorView{DataType::kS32, {2, 4}, c.data()});
  EXPECT_THAT(c, ElementsAre(1, 2, 3, 1, 4, 5, 6, 2));
}

TEST(ReferenceKernelsTest, ChannelShuffleIsConcatThenTransposeOfTheGroups) {
  // Inputs of 4 and 8 channels (batch 2, 3 values per channel) joined into 12.
  std::vector<int32_t> a(2 * 4 * 3), b(2 * 8 * 3);
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<int32_t>(i);
  for (size_t i = 0; i < b.size(); ++i) b[i] = 1000 + static_cast<int32_t>(i);
  const ConstTensorView parts[] = {{DataType::kS32, {2, 4, 3}, a.data()},
                                   {DataType::kS32, {2, 8, 3}, b.data()}};
  std::vector<int32_t> joined(2 * 12 * 3);
  Concat(parts, 1, MutableTensorView{DataType::kS32, {2, 12, 3}, joined.data()});
  for (int64_t groups : {1, 2, 3, 4, 6}) {
    std::vector<int32_t> want(joined.size()), got(joined.size());
    Transpose(ConstTensorView{DataType::kS32, {2, groups, 12 / groups, 3}, joined.data()},
              std::vector<int64_t>{0, 2, 1, 3},
              MutableTensorView{DataType::kS32, {2, 12 / groups, groups, 3}, want.data()});
    ChannelShuffle(parts, groups, MutableTensorView{DataType::kS32, {2, 12, 3}, got.data()});
    EXPECT_EQ(got, want) << groups << " groups";
  }
}

TEST(ReferenceKernelsTest, ResizeNearestAndLinear) {
  const std::vector<float> x = {1, 3};  // 1x2
  std::vector<float> y(4);
  ResizeParams p;
  p.scales = {1, 2};
  p.mode = ResizeMode::kLinear;
  Resize(ConstTensorView{DataType::kF32, {1, 2}, x.data()}, p,
         MutableTensorView{DataType::kF32, {1, 4}, y.data()});
  EXPECT_THAT(y, ElementsAre(1, 1.5, 2.5, 3));  // half_pixel
  p.mode = ResizeMode::kNearest;
  p.transform = CoordinateTransform::kAsymmetric;
  Resize(ConstTensorView{DataType::kF32, {1, 2}, x.data()}, p,
         MutableTensorView{DataType::kF32, {1, 4}, y.data()});
  EXPECT_THAT(y, ElementsAre(1, 1, 3, 3));
}

TEST(ReferenceKernelsTest, ResizeInt8RoundsInterpolatedValuesToNearestEven) {
  const std::vector<int8_t> x = {-3, 3, 120, 127};  // 1x4
  std::vector<int8_t> y(8);
  ResizeParams p;
  p.scales = {1, 2};
  p.mode = ResizeMode::kLinear;
  Resize(ConstTensorView{DataType::kS8, {1, 4}, x.data()}, p,
         MutableTensorView{DataType::kS8, {1, 8}, y.data()});
  // Quarter and three-quarter points: -3 + 6 / 4 = -1.5 -> -2, -3 + 18 / 4 = 1.5 -> 2,
  // 3 + 117 / 4 = 32.25, 3 + 351 / 4 = 90.75, 120 + 7 / 4 = 121.75, 120 + 21 / 4 = 125.25.
  EXPECT_THAT(y, ElementsAre(-3, -2, 2, 32, 91, 122, 125, 127));
  const std::vector<uint8_t> u = {0, 255};
  std::vector<uint8_t> v(4);
  p.mode = ResizeMode::kNearest;
  Resize(ConstTensorView{DataType::kU8, {1, 2}, u.data()}, p,
         MutableTensorView{DataType::kU8, {1, 4}, v.data()});
  EXPECT_THAT(v, ElementsAre(0, 0, 255, 255));
}

TEST(ReferenceKernelsTest, ReduceMeanOverSpatialAxes) {
  const std::vector<float> x = {1, 2, 3, 4, 10, 20, 30, 40};  // 1x2x2x2
  std::vector<float> y(2);
  ReduceMeanF32(ConstTensorView{DataType::kF32, {1, 2, 2, 2}, x.data()},
                {false, false, true, true}, y.data());
  EXPECT_THAT(y, ElementsAre(2.5, 25));
}

}  // namespace
}  // namespace mint8::kernels::reference
