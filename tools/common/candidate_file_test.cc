#include "tools/common/candidate_file.h"

#include "gtest/gtest.h"
#include "ir/file_io.h"

namespace mint8::tools {
namespace {

TEST(CandidateFileTest, RoundTripsAndChecksTheBudget) {
  const quantization::AccuracyBudget budget{quantization::AccuracyBudget::kMinAgreement, 97.5};
  quantization::CandidateResult c;
  c.fp32_layers = {"conv_3", "fc"};
  c.agreement = 98.25;
  c.relative_error = 0.0125;
  c.meets = true;
  c.seconds = 1.5;
  const std::string path = ::testing::TempDir() + "/candidate.json";
  ASSERT_TRUE(WriteCandidateFile(path, budget, c).ok());
  absl::StatusOr<std::vector<quantization::CandidateResult>> read = ReadCandidateFiles({path, path}, budget);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 2u);
  EXPECT_EQ((*read)[1].fp32_layers, c.fp32_layers);
  EXPECT_DOUBLE_EQ((*read)[1].agreement, 98.25);
  EXPECT_DOUBLE_EQ((*read)[1].relative_error, 0.0125);
  EXPECT_TRUE((*read)[1].meets);

  const quantization::AccuracyBudget other{quantization::AccuracyBudget::kMinAgreement, 99};
  absl::StatusOr<std::vector<quantization::CandidateResult>> wrong = ReadCandidateFiles({path}, other);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("was measured for"), std::string::npos) << wrong.status();
  ASSERT_TRUE(ir::WriteStringToFileAtomically(path, "{\"budget\": 3}").ok());
  EXPECT_EQ(ReadCandidateFiles({path}, budget).status().code(), absl::StatusCode::kDataLoss);
}

TEST(CandidateFileTest, RankingShardsJoinInOrder) {
  const quantization::AccuracyBudget budget{quantization::AccuracyBudget::kMaxTop1Drop, 0.5};
  const std::string a = ::testing::TempDir() + "/rank0.json", b = ::testing::TempDir() + "/rank1.json";
  ASSERT_TRUE(WriteRankingFile(a, budget, {{"conv_b", 0.1 / 3}, {"conv_d", 0.5}}).ok());
  ASSERT_TRUE(WriteRankingFile(b, budget, {{"conv_a", 0.2}, {"conv_c", 0.1 / 3}}).ok());
  absl::StatusOr<std::vector<quantization::LayerSensitivity>> r = ReadRankingFiles({a, b}, budget);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].node, "conv_b");  // equal errors (read back exactly): by name
  EXPECT_EQ((*r)[1].node, "conv_c");
  EXPECT_EQ((*r)[0].relative_error, 0.1 / 3);
  EXPECT_EQ((*r)[2].node, "conv_a");
  EXPECT_EQ((*r)[3].node, "conv_d");
  EXPECT_FALSE(ReadRankingFiles({a, a}, budget).ok());  // a layer twice
}

}  // namespace
}  // namespace mint8::tools
