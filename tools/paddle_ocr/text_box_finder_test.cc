#include "tools/paddle_ocr/text_box_finder.h"

#include <vector>

#include "gtest/gtest.h"

namespace mint8::tools::ocr {
namespace {

constexpr int kH = 40, kW = 60;

void Fill(std::vector<float>& map, int x0, int y0, int x1, int y1, float v) {
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) map[y * kW + x] = v;
  }
}

TEST(TextBoxFinderTest, GrowsEachConfidentRegionByTheUnclipDistance) {
  std::vector<float> map(kH * kW, 0.05f);
  Fill(map, 10, 5, 40, 11, 0.9f);   // 30 x 6: grows by 30*6*1.5/72 = 3.75 -> 4 (rounded)
  Fill(map, 5, 25, 25, 31, 0.95f);  // 20 x 6: grows by 20*6*1.5/52 = 3.46 -> 3
  const std::vector<TextBox> boxes = FindTextBoxes(map.data(), kH, kW);
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_EQ(boxes[0].x0, 6);
  EXPECT_EQ(boxes[0].y0, 1);
  EXPECT_EQ(boxes[0].x1, 44);
  EXPECT_EQ(boxes[0].y1, 15);
  EXPECT_NEAR(boxes[0].score, 0.9f, 1e-6);
  EXPECT_EQ(boxes[1].x0, 2);
  EXPECT_EQ(boxes[1].y0, 22);
  EXPECT_EQ(boxes[1].x1, 28);
  EXPECT_EQ(boxes[1].y1, 34);
}

TEST(TextBoxFinderTest, DropsFaintThinAndEdgeClippedRegionsCorrectly) {
  std::vector<float> map(kH * kW, 0.f);
  Fill(map, 10, 5, 40, 11, 0.5f);  // above the pixel threshold, below the box threshold
  Fill(map, 5, 20, 50, 22, 0.9f);  // 2 rows: thinner than min_side
  Fill(map, 0, 30, 20, 40, 0.9f);  // touches the corner: kept, clipped to the map
  const std::vector<TextBox> boxes = FindTextBoxes(map.data(), kH, kW);
  ASSERT_EQ(boxes.size(), 1u);
  EXPECT_EQ(boxes[0].x0, 0);
  EXPECT_EQ(boxes[0].y1, kH);
}

TEST(TextBoxFinderTest, BlocksTouchingAtACornerAreOneRegion) {
  std::vector<float> map(kH * kW, 0.f);
  Fill(map, 10, 10, 20, 16, 0.8f);
  Fill(map, 20, 16, 30, 22, 0.8f);
  TextBoxOptions options;
  options.box_threshold = 0.3f;  // half the joint box is empty
  const std::vector<TextBox> boxes = FindTextBoxes(map.data(), kH, kW, options);
  ASSERT_EQ(boxes.size(), 1u);
  EXPECT_NEAR(boxes[0].score, 0.4f, 1e-6);
}

}  // namespace
}  // namespace mint8::tools::ocr
