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

}  // namespace
}  // namespace mint8::tools
