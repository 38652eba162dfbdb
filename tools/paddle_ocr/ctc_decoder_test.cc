#include "tools/paddle_ocr/ctc_decoder.h"

#include <vector>

#include "gtest/gtest.h"

namespace mint8::tools::ocr {
namespace {

// One-hot-ish steps: class `c` gets `p`, the rest share what is left.
std::vector<float> Steps(const std::vector<int>& classes, int num_classes, float p = 0.9f) {
  std::vector<float> probabilities;
  for (int c : classes) {
    for (int k = 0; k < num_classes; ++k) probabilities.push_back(k == c ? p : (1 - p) / (num_classes - 1));
  }
  return probabilities;
}

TEST(CtcDecoderTest, CollapsesRepeatsDropsBlanksAndKnowsTheSpace) {
  auto decoder = CtcDecoder::FromDictionary("a\nb\r\n\xe5\xa5\xbd\n");  // a, b, a CJK character
  ASSERT_TRUE(decoder.ok()) << decoder.status();
  ASSERT_EQ(decoder->num_classes(), 5);  // blank, a, b, the CJK one, space
  // a a _ a b b space CJK _ _
  const std::vector<float> p = Steps({1, 1, 0, 1, 2, 2, 4, 3, 0, 0}, 5);
  const RecognizedText t = decoder->Decode(p.data(), 10);
  EXPECT_EQ(t.text, "aab \xe5\xa5\xbd");
  EXPECT_NEAR(t.confidence, 0.9f, 1e-6);
}

TEST(CtcDecoderTest, AllBlankIsEmptyWithZeroConfidence) {
  auto decoder = CtcDecoder::FromDictionary("x\n");
  ASSERT_TRUE(decoder.ok());
  const std::vector<float> p = Steps({0, 0, 0}, decoder->num_classes());
  EXPECT_EQ(decoder->Decode(p.data(), 3).text, "");
  EXPECT_EQ(decoder->Decode(p.data(), 3).confidence, 0.f);
}

TEST(CtcDecoderTest, EmptyOrMissingDictionaryIsAnError) {
  EXPECT_FALSE(CtcDecoder::FromDictionary("\n\n").ok());
  EXPECT_EQ(CtcDecoder::FromDictionaryFile("/nonexistent/keys.txt").status().code(),
            absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace mint8::tools::ocr
