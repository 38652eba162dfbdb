// ConvTranspose on oneDNN's deconvolution agrees with the reference loop, for
// the upsampling shapes detectors use (stride 2, kernel 2 or 4), grouped too.
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

}  // namespace
}  // namespace mint8::runtime
