// The traits declared with the operators are consistent with each other and
// with what the passes rely on.

#include "gtest/gtest.h"
#include "ir/op_schema.h"

namespace mint8::ir {
namespace {

TEST(OpTraitsTest, DeclaredTraitsAreConsistent) {
  for (const std::string& op : SupportedOps()) {
    const OpTraits& t = TraitsOf(op);
    if (t.quantization == QuantizationRole::kCompute) {
      EXPECT_TRUE(t.takes_post_ops) << op;
      EXPECT_NE(t.weight_output_axis, nullptr) << op;
      EXPECT_NE(t.macs_per_output, nullptr) << op;
    }
    // What shares its input's scale keeps its input's range.
    if (t.quantization == QuantizationRole::kScalePreserving ||
        t.quantization == QuantizationRole::kScaleUnifying) {
      EXPECT_TRUE(t.range_keeping) << op;
    }
    if (t.is_identity) {
      EXPECT_TRUE(t.is_view && t.range_keeping) << op;
    }
    if (t.activation != nullptr) {
      const std::optional<PostOp> p = t.activation(Attributes());
      ASSERT_TRUE(p.has_value()) << op;
      EXPECT_NE(p->kind, PostOpKind::kSum) << op;
      EXPECT_FALSE(t.takes_post_ops) << op;
    }
  }
}

TEST(OpTraitsTest, UnknownOperatorsHaveNoTraits) {
  const OpTraits& t = TraitsOf("NoSuchOp");
  EXPECT_EQ(t.quantization, QuantizationRole::kNone);
  EXPECT_FALSE(t.range_keeping || t.is_view || t.takes_post_ops);
  EXPECT_EQ(t.activation, nullptr);
}

TEST(OpTraitsTest, NonNegativeOutputsFollowAttributesAndPostOps) {
  Node clip{"c", "Clip", {"x"}, {"y"}, {}};
  clip.attributes.Set("min", 0.f);
  EXPECT_TRUE(TraitsOf("Clip").non_negative_output(clip));
  clip.attributes.Set("min", -1.f);
  EXPECT_FALSE(TraitsOf("Clip").non_negative_output(clip));
  Node conv{"k", "Conv", {"x", "w"}, {"y"}, {}};
  EXPECT_FALSE(TraitsOf("Conv").non_negative_output(conv));
  AppendPostOp(conv, PostOp{PostOpKind::kRelu});
  EXPECT_TRUE(TraitsOf("Conv").non_negative_output(conv));
  AppendPostOp(conv, PostOp{PostOpKind::kFakeQuantU8, 0.1f, 0.f});
  EXPECT_TRUE(TraitsOf("Conv").non_negative_output(conv));
  AppendPostOp(conv, PostOp{PostOpKind::kFakeQuantS8, 0.1f, 0.f});
  EXPECT_FALSE(TraitsOf("Conv").non_negative_output(conv));
}

TEST(OpTraitsTest, WeightAxisFollowsGemmTransposition) {
  Node gemm{"g", "Gemm", {"a", "b"}, {"y"}, {}};
  EXPECT_EQ(TraitsOf("Gemm").weight_output_axis(gemm), 1);  // B is [K, N]
  gemm.attributes.Set("transB", int64_t{1});
  EXPECT_EQ(TraitsOf("Gemm").weight_output_axis(gemm), 0);  // B is [N, K]
  EXPECT_EQ(TraitsOf("Gemm").macs_per_output(gemm, {10, 64}), 64);
  EXPECT_EQ(TraitsOf("Conv").macs_per_output(gemm, {8, 4, 3, 3}), 36);
}

}  // namespace
}  // namespace mint8::ir
