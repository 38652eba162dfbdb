#include "tools/zoo/zoo.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "ir/statistics.h"
#include "ir/verifier.h"
#include "runtime/session.h"
#include "runtime/specialization.h"

namespace mint8::tools {
namespace {

TEST(ZooTest, ArchitecturesHaveTheirPublishedMacCounts) {
  for (const ZooModelInfo& info : ZooModels()) {
    absl::StatusOr<ir::Graph> g = BuildZooArchitecture(info.name);
    ASSERT_TRUE(g.ok()) << info.name << ": " << g.status();
    EXPECT_TRUE(ir::Verify(*g).ok()) << info.name;
    EXPECT_EQ(g->FindTensor("input")->shape.ToString(),
              absl::StrCat("[N,3,", info.input_side, ",", info.input_side, "]"));
    ASSERT_TRUE(runtime::SpecializeGraph(*g, {}, 1).ok());
    const double macs = static_cast<double>(ir::CountMacs(*g));
    EXPECT_NEAR(macs / info.published_macs, 1.0, 0.06) << info.name << ": " << macs / 1e9 << " GMAC";
  }
}

TEST(ZooTest, UnknownNameListsTheZoo) {
  absl::StatusOr<ir::Graph> g = BuildZooArchitecture("alexnet");
  ASSERT_FALSE(g.ok());
  EXPECT_NE(g.status().message().find("resnet50"), absl::string_view::npos);
}

// The data-dependent initialization gives logits with a healthy spread and
// inputs that are told apart: neither vanished nor exploded.
TEST(ZooTest, InitializedModelsProduceDistinctNonDegenerateLogits) {
  for (const char* name : {"mobilenet_v2", "resnet50"}) {
    absl::StatusOr<ir::Graph> g = BuildZooModel(name);
    ASSERT_TRUE(g.ok()) << g.status();
    runtime::SessionOptions options;
    options.batch_size = 2;
    auto session = runtime::Session::Create(*g, options);
    ASSERT_TRUE(session.ok()) << session.status();
    std::vector<float> input(2 * 3 * 224 * 224), logits(2 * 1000);
    for (size_t i = 0; i < input.size(); ++i)
      input[i] = std::sin(0.001f * i) * (i < input.size() / 2 ? 1.f : -1.f);
    ir::ConstTensorView in{ir::DataType::kF32, {2, 3, 224, 224}, input.data()};
    ir::MutableTensorView out{ir::DataType::kF32, {2, 1000}, logits.data()};
    ASSERT_TRUE((*session)->Run({&in, 1}, {&out, 1}).ok());
    double sq = 0, diff = 0;
    for (int i = 0; i < 1000; ++i) {
      sq += logits[i] * logits[i];
      diff += std::fabs(logits[i] - logits[1000 + i]);
    }
    const double rms = std::sqrt(sq / 1000);
    EXPECT_GT(rms, 0.3) << name;
    EXPECT_LT(rms, 30) << name;
    EXPECT_GT(diff / 1000, 0.05) << name;
  }
}

}  // namespace
}  // namespace mint8::tools
