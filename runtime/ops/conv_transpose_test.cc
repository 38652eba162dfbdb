// ConvTranspose on oneDNN's deconvolution agrees with the reference loop, for
// the upsampling shapes detectors use (stride 2, kernel 2 or 4), grouped too;
// so does mint8's patch kernel where it is forced.
#include <memory>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::runtime {
namespace {

using testing::Attrs;
using Ints = std::vector<int64_t>;

void ExpectOnednnMatchesReference(int64_t channels, int64_t out_per_group, int64_t group, int64_t kernel,
                                  Ints pads, Ints output_padding) {
  testing::GraphBuilder b(9);
  b.Input("x", {1, channels, 6, 5}).Random("w", {channels, out_per_group, kernel, kernel});
  b.Random("b", {out_per_group * group});
  b.Node(
      "ConvTranspose", {"x", "w", "b"}, {"y"},
      Attrs({{"strides", Ints{2, 2}}, {"pads", pads}, {"group", group}, {"output_padding", output_padding}}));
  auto g = b.Output("y").Build();
  ASSERT_TRUE(g.ok()) << g.status();
  std::unique_ptr<Session> onednn;
  absl::StatusOr<double> difference = testing::BackendDifference(*g, 4, &onednn);
  ASSERT_TRUE(difference.ok()) << difference.status();
  EXPECT_LT(*difference, 1e-5);
  EXPECT_TRUE(testing::RunsOnOnednn(*onednn, "ConvTranspose"));
}

TEST(ConvTransposeTest, StrideTwoUpsamplingOnOnednn) {
  ExpectOnednnMatchesReference(8, 4, 1, 2, {0, 0, 0, 0}, {0, 0});
  ExpectOnednnMatchesReference(6, 3, 1, 4, {1, 1, 1, 1}, {0, 0});
  ExpectOnednnMatchesReference(6, 3, 1, 3, {1, 1, 1, 1}, {1, 1});
}

TEST(ConvTransposeTest, GroupedOnOnednn) { ExpectOnednnMatchesReference(8, 2, 4, 2, {0, 0, 0, 0}, {0, 0}); }

// PaddleOCR's detector head as paddle2onnx writes it: ConvTranspose, bias
// Add, BatchNorm, ReLU, ConvTranspose to one channel, bias Add, Sigmoid. The
// bias Adds fold into the deconvolutions, the BatchNorm into the first one's
// weights, the activations run with each bias (no other steps), and the
// numbers are those of the ops as written.
TEST(ConvTransposeTest, DetectorHeadFusesIntoTheDeconvolutions) {
  testing::GraphBuilder b(5);
  b.Input("x", {1, 8, 6, 5}).Random("w1", {8, 6, 2, 2}).Random("b1", {1, 6, 1, 1});
  b.Random("g", {6}, 0.5f, 1.5f).Random("be", {6}).Random("m", {6}).Random("v", {6}, 0.5f, 2.f);
  b.Random("w2", {6, 1, 2, 2}).Random("b2", {1, 1, 1, 1});
  const ir::Attributes stride2 = Attrs({{"strides", Ints{2, 2}}});
  b.Node("ConvTranspose", {"x", "w1"}, {"u1"}, stride2).Node("Add", {"u1", "b1"}, {"a1"});
  b.Node("BatchNormalization", {"a1", "g", "be", "m", "v"}, {"n1"}).Node("Relu", {"n1"}, {"r1"});
  b.Node("ConvTranspose", {"r1", "w2"}, {"u2"}, stride2).Node("Add", {"b2", "u2"}, {"a2"});
  b.Node("Sigmoid", {"a2"}, {"y"});
  auto g = b.Output("y").Build();
  ASSERT_TRUE(g.ok()) << g.status();
  std::unique_ptr<Session> onednn;
  absl::StatusOr<double> difference =
      testing::BackendDifference(*g, 4, &onednn, testing::Optimization::kOnednnOnly);
  ASSERT_TRUE(difference.ok()) << difference.status();
  EXPECT_LT(*difference, 1e-5);
  for (const PlanStep& step : onednn->plan().steps) {
    EXPECT_TRUE(step.node.empty() || absl::StartsWith(step.node, "ConvTranspose_")) << step.node;
    EXPECT_TRUE(step.note.empty()) << step.note;
  }
}

// The detector head with mint8's kernels forced: both deconvolutions (2x2
// stride 2; the first reads a convolution's output, ReLU, the second the
// first's, sigmoid) run mint8's patch kernel and agree with the reference
// backend running the ops as written; with oneDNN forced neither does.
TEST(ConvTransposeTest, PatchKernelRunsTheDetectorHead) {
  testing::GraphBuilder b(7);
  b.Input("x", {1, 3, 7, 6}).Random("wc", {16, 3, 3, 3}).Random("bc", {16});
  b.Random("w1", {16, 8, 2, 2}).Random("b1", {8}).Random("w2", {8, 1, 2, 2}).Random("b2", {1});
  const ir::Attributes stride2 = Attrs({{"strides", Ints{2, 2}}});
  b.Node("Conv", {"x", "wc", "bc"}, {"c"}, Attrs({{"pads", Ints{1, 1, 1, 1}}})).Node("Relu", {"c"}, {"r"});
  b.Node("ConvTranspose", {"r", "w1", "b1"}, {"u1"}, stride2).Node("Relu", {"u1"}, {"r1"});
  b.Node("ConvTranspose", {"r1", "w2", "b2"}, {"u2"}, stride2).Node("Sigmoid", {"u2"}, {"y"});
  auto g = b.Output("y").Build();
  ASSERT_TRUE(g.ok()) << g.status();
  SessionOptions options;
  options.num_threads = 1;
  options.backend = Backend::kReference;
  options.optimize = false;
  auto reference = Session::Create(*g, options);
  ASSERT_TRUE(reference.ok()) << reference.status();
  for (KernelChoice choice : {KernelChoice::kMint8, KernelChoice::kOnednn}) {
    options = SessionOptions();
    options.num_threads = 1;
    options.kernel_choice = choice;
    auto session = Session::Create(*g, options);
    ASSERT_TRUE(session.ok()) << session.status();
    int patch_steps = 0;
    for (const PlanStep& step : (*session)->plan().steps) {
      patch_steps += step.kernel->implementation().find("mint8_patch_deconv") != std::string::npos;
    }
    EXPECT_EQ(patch_steps, choice == KernelChoice::kMint8 ? 2 : 0);
    auto inputs = testing::RandomInputs(**session, 3);
    auto got = testing::RunSession(**session, inputs);
    auto want = testing::RunSession(**reference, inputs);
    ASSERT_TRUE(got.ok() && want.ok());
    EXPECT_LT(testing::MaxRelativeError(*got, *want), 1e-5);
  }
}

}  // namespace
}  // namespace mint8::runtime
