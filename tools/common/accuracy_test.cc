#include "tools/common/accuracy.h"

#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace mint8::tools {
namespace {

ItemResult Item(int64_t label, std::vector<int> fp32, std::vector<int> int8) {
  ItemResult r;
  r.label = label;
  r.top[0] = std::move(fp32);
  r.top[1] = std::move(int8);
  return r;
}

// Four images: both right; INT8 right only in top-5; FP32 wrong, INT8 right;
// both wrong with three of FP32's top-5 kept by INT8.
std::vector<ItemResult> FourItems() {
  return {Item(1, {1, 2, 3, 4, 5}, {1, 2, 3, 4, 5}), Item(2, {2, 1, 3, 4, 5}, {1, 2, 3, 4, 5}),
          Item(3, {1, 2, 4, 5, 6}, {3, 1, 2, 4, 5}), Item(9, {1, 2, 3, 4, 5}, {1, 2, 3, 7, 8})};
}

// The cells of a one-row Markdown table's row, without padding.
std::vector<std::string> RowCells(const std::string& table) {
  const std::vector<std::string> lines = absl::StrSplit(table, '\n', absl::SkipEmpty());
  EXPECT_EQ(lines.size(), 3u) << table;
  std::vector<std::string> cells;
  for (absl::string_view cell : absl::StrSplit(lines.back(), '|')) {
    cells.emplace_back(absl::StripAsciiWhitespace(cell));
  }
  return std::vector<std::string>(cells.begin() + 1, cells.end() - 1);
}

TEST(AccuracyTest, SummarizeCountsTopOneTopFiveAndChanges) {
  const AccuracySummary s = Summarize(FourItems(), 2);
  EXPECT_EQ(s.images, 4);
  EXPECT_DOUBLE_EQ(s.top1[0], 50);  // items 1, 2
  EXPECT_DOUBLE_EQ(s.top1[1], 50);  // items 1, 3
  EXPECT_DOUBLE_EQ(s.top5[0], 50);  // items 3 and 4 miss the label
  EXPECT_DOUBLE_EQ(s.top5[1], 75);
  EXPECT_EQ(s.changed_top1, 2);  // items 2, 3
  // Overlaps 5, 5, 4 and 3 of 5.
  EXPECT_DOUBLE_EQ(s.top5_overlap, 100.0 * 17 / 20);
}

TEST(AccuracyTest, OneModelLeavesTheSecondEmpty) {
  const AccuracySummary s = Summarize(FourItems(), 1);
  EXPECT_DOUBLE_EQ(s.top1[0], 50);
  EXPECT_DOUBLE_EQ(s.top1[1], 0);
  EXPECT_EQ(s.changed_top1, 0);
}

TEST(AccuracyTest, TablesShowTheDifferences) {
  const AccuracySummary s = Summarize(FourItems(), 2);
  EXPECT_THAT(RowCells(AccuracyTable("tiny", s)),
              ::testing::ElementsAre("tiny", "50.00", "50.00", "0.00", "50.00", "75.00", "25.00",
                                     "2 (50.00%)", "4"));
  EXPECT_THAT(RowCells(AgreementTable("tiny", s)),
              ::testing::ElementsAre("tiny", "50.00%", "85.00%", "4"));
}

TEST(AccuracyTest, EmptyDatasetIsAllZero) {
  const AccuracySummary s = Summarize({}, 2);
  EXPECT_EQ(s.images, 0);
  EXPECT_DOUBLE_EQ(s.top1[0], 0);
  EXPECT_DOUBLE_EQ(s.top5_overlap, 0);
}

// The .npy layout numpy.load reads: magic, version 1.0, a header padded so
// that the data starts at a multiple of 64 bytes, then row-major float32.
TEST(AccuracyTest, NpyFilesHoldTheRowsAfterAnAlignedHeader) {
  const std::vector<float> a = {1.f, -2.f, 3.5f}, b = {0.f, 4.f, -1.f};
  const std::string npy = NpyFloat32({&a, &b});
  ASSERT_EQ(npy.compare(0, 8, std::string("\x93NUMPY\x01\x00", 8)), 0);
  const size_t header = static_cast<uint8_t>(npy[8]) | static_cast<uint8_t>(npy[9]) << 8;
  EXPECT_EQ((10 + header) % 64, 0u);
  EXPECT_NE(npy.find("'shape': (2, 3)"), std::string::npos);
  EXPECT_EQ(npy[10 + header - 1], '\n');
  ASSERT_EQ(npy.size(), 10 + header + 6 * sizeof(float));
  std::vector<float> data(6);
  std::memcpy(data.data(), npy.data() + 10 + header, 6 * sizeof(float));
  EXPECT_EQ(data, (std::vector<float>{1.f, -2.f, 3.5f, 0.f, 4.f, -1.f}));
}

}  // namespace
}  // namespace mint8::tools
