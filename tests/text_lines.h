// TextLineGenerator: synthetic inputs for the PaddleOCR text-direction
// classifier. Each image is a line of English words drawn with FreeType in
// one of the DejaVu fonts (random face, size, ink, paper, margins, noise),
// cropped to the text as a detector would, laid out as PaddleOCR's classifier
// preprocessing does: 48 pixels high, left-aligned in 192 columns,
// normalized to (x/255 - 0.5) / 0.5, padding 0. Odd seeds are rotated by 180
// degrees - the one thing the classifier tells apart.
//
//   auto lines = TextLineGenerator::Create(font_files);
//   (*lines)->Render(seed, chw);  // 3 x 48 x 192 floats
#ifndef MINT8_TESTS_TEXT_LINES_H_
#define MINT8_TESTS_TEXT_LINES_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace mint8::testing {

inline constexpr int kTextLineHeight = 48;
inline constexpr int kTextLineWidth = 192;

class TextLineGenerator {
 public:
  // The DejaVu fonts the test targets depend on (@system_fonts_dejavu).
  static std::vector<std::string> DejaVuFontFiles();
  static absl::StatusOr<std::unique_ptr<TextLineGenerator>> Create(
      const std::vector<std::string>& font_files);
  ~TextLineGenerator();
  TextLineGenerator(const TextLineGenerator&) = delete;
  TextLineGenerator& operator=(const TextLineGenerator&) = delete;

  // Writes 3 x kTextLineHeight x kTextLineWidth floats; same seed, same image.
  void Render(uint32_t seed, float* chw) const;

  // A page for the whole OCR pipeline: lines of random words in one face
  // and size, dark ink on light paper, upright; what was drawn and where.
  struct Page {
    int width = 0, height = 0;
    std::vector<uint8_t> rgb;  // height x width x 3
    std::vector<std::string> lines;
    std::vector<std::array<int, 4>> boxes;  // x0, y0, x1, y1 of each line's ink box
  };
  Page RenderPage(uint32_t seed, int width, int height) const;

 private:
  struct FreeType;
  explicit TextLineGenerator(std::unique_ptr<FreeType> freetype);
  std::unique_ptr<FreeType> freetype_;
};

}  // namespace mint8::testing

#endif  // MINT8_TESTS_TEXT_LINES_H_
