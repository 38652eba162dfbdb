// Resize: nearest upsampling by whole factors runs on oneDNN's resampling
// and picks the same source pixels as ONNX (the reference kernel); other
// factors stay on the reference kernel.
#include "gtest/gtest.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::runtime {
namespace {

using testing::Attrs;

void ExpectResize(const std::string& coord, const std::string& rounding, std::vector<float> scales,
                  bool on_onednn) {
  SCOPED_TRACE(coord + " " + rounding);
  testing::GraphBuilder b(2);
  // A conv before the Resize gives it a blocked layout, as in detectors.
  b.Input("x", {1, 8, 5, 7}).Random("w", {16, 8, 1, 1}).Node("Conv", {"x", "w"}, {"c"});
  b.Floats("roi", {0}, {}).Floats("scales", {4}, std::move(scales));
  b.Node("Resize", {"c", "roi", "scales"}, {"y"},
         Attrs({{"mode", std::string("nearest")},
                {"coordinate_transformation_mode", coord},
                {"nearest_mode", rounding}}));
  auto g = b.Output("y").Build();
  ASSERT_TRUE(g.ok()) << g.status();
  std::unique_ptr<Session> onednn;
  absl::StatusOr<double> difference = testing::BackendDifference(*g, 1, &onednn);
  ASSERT_TRUE(difference.ok()) << difference.status();
  EXPECT_LT(*difference, 1e-6);
  EXPECT_EQ(testing::RunsOnOnednn(*onednn, "Resize"), on_onednn);
}

TEST(ResizeTest, WholeFactorNearestUpsamplingOnOnednn) {
  ExpectResize("asymmetric", "floor", {1, 1, 2, 2}, true);
  ExpectResize("asymmetric", "floor", {1, 1, 4, 3}, true);
  ExpectResize("half_pixel", "round_prefer_floor", {1, 1, 2, 2}, true);
  ExpectResize("pytorch_half_pixel", "round_prefer_ceil", {1, 1, 3, 2}, true);
}

TEST(ResizeTest, OtherNearestFormsStayOnTheReference) {
  ExpectResize("asymmetric", "round_prefer_floor", {1, 1, 2, 2}, false);
  ExpectResize("asymmetric", "floor", {1, 1, 1.5f, 2}, false);
}

// INT8 data keeps its scale through a Resize; a graph that claims otherwise
// gets an error, not numbers on the wrong grid.
TEST(ResizeTest, Int8ResizeThatChangesTheScaleIsRefused) {
  for (float out_scale : {0.02f, 0.03f}) {
    testing::GraphBuilder b(2);
    ir::Quantization in_q, out_q;
    in_q.scales = {0.02f};
    out_q.scales = {out_scale};
    b.Input("x", {1, 4, 3, 3}).Floats("s", {}, {0.02f}).QuantizedConstant("z", ir::DataType::kS8, {}, {0});
    b.Tensor("q", ir::DataType::kS8, in_q).Node("QuantizeLinear", {"x", "s", "z"}, {"q"});
    b.Floats("roi", {0}, {}).Floats("scales", {4}, {1, 1, 2, 2});
    b.Tensor("up", ir::DataType::kS8, out_q).Node("Resize", {"q", "roi", "scales"}, {"up"});
    b.Floats("os", {}, {out_scale}).Node("DequantizeLinear", {"up", "os", "z"}, {"y"});
    auto g = b.Output("y").Build();
    ASSERT_TRUE(g.ok()) << g.status();
    SessionOptions options;
    options.optimize = false;
    auto session = Session::Create(*g, options);
    ASSERT_TRUE(session.ok()) << session.status();
    absl::StatusOr<std::vector<std::vector<float>>> y =
        testing::RunSession(**session, testing::RandomInputs(**session, 1));
    EXPECT_EQ(y.ok(), out_scale == 0.02f) << y.status();
  }
}

}  // namespace
}  // namespace mint8::runtime
