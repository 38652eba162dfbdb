// TextLineImages: generated 48x192 text-line images for the OCR direction
// classifier: random words of capital letters and digits, drawn from a 5x7
// bitmap font scaled to the line height, with random ink, paper, spacing,
// position and noise, normalized as PaddleOCR does ((x/255 - 0.5) / 0.5).
// Odd seeds are rotated by 180 degrees - what the classifier tells apart.
#ifndef MINT8_TESTS_TEXT_LINES_H_
#define MINT8_TESTS_TEXT_LINES_H_

#include <cstdint>

namespace mint8::testing {

inline constexpr int kTextLineHeight = 48;
inline constexpr int kTextLineWidth = 192;

// Writes 3 x 48 x 192 floats.
void TextLineImage(uint32_t seed, float* chw);

}  // namespace mint8::testing

#endif  // MINT8_TESTS_TEXT_LINES_H_
