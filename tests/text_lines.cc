#include "tests/text_lines.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <random>

#include "absl/strings/str_cat.h"

namespace mint8::testing {
namespace {

constexpr const char* kWords[] = {
    "the",     "of",     "and",      "to",      "in",     "for",       "with",    "from",   "total",
    "price",   "amount", "date",     "invoice", "number", "street",    "road",    "city",   "phone",
    "email",   "order",  "quantity", "item",    "page",   "chapter",   "section", "table",  "figure",
    "hello",   "world",  "quick",    "brown",   "fox",    "jumps",     "over",    "lazy",   "dog",
    "Monday",  "Friday", "January",  "August",  "London", "Paris",     "Berlin",  "Tokyo",  "Store",
    "Receipt", "Thank",  "you",      "please",  "keep",   "this",      "copy",    "open",   "daily",
    "coffee",  "bread",  "milk",     "apple",   "juice",  "rice",      "tea",     "sugar",  "salt",
    "Model",   "Name",   "Address",  "Payment", "Card",   "Cash",      "Change",  "Tax",    "Subtotal",
    "quality", "layer",  "image",    "text",    "line",   "direction", "height",  "weight", "light",
};

float Uniform(std::mt19937& rng, float lo, float hi) {
  return std::uniform_real_distribution<float>(lo, hi)(rng);
}

std::string RandomLine(std::mt19937& rng) {
  const int n = sizeof(kWords) / sizeof(kWords[0]);
  std::string line;
  const int words = std::uniform_int_distribution<int>(1, 7)(rng);
  for (int i = 0; i < words; ++i) {
    if (i > 0) line += ' ';
    if (Uniform(rng, 0, 1) < 0.15f) {
      line += std::to_string(std::uniform_int_distribution<int>(1, 9999)(rng));
    } else {
      line += kWords[std::uniform_int_distribution<int>(0, n - 1)(rng)];
    }
  }
  return line;
}

}  // namespace

struct TextLineGenerator::FreeType {
  FT_Library library = nullptr;
  std::vector<FT_Face> faces;
  ~FreeType() {
    for (FT_Face face : faces) FT_Done_Face(face);
    if (library != nullptr) FT_Done_FreeType(library);
  }
};

std::vector<std::string> TextLineGenerator::DejaVuFontFiles() {
  std::vector<std::string> files;
  for (const char* name :
       {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSansMono", "DejaVuSerif", "DejaVuSerif-Bold"}) {
    files.push_back(absl::StrCat("external/system_fonts_dejavu/fonts/", name, ".ttf"));
  }
  return files;
}

absl::StatusOr<std::unique_ptr<TextLineGenerator>> TextLineGenerator::Create(
    const std::vector<std::string>& font_files) {
  auto freetype = std::make_unique<FreeType>();
  if (FT_Init_FreeType(&freetype->library) != 0) return absl::InternalError("FreeType did not initialize");
  for (const std::string& file : font_files) {
    FT_Face face = nullptr;
    if (FT_New_Face(freetype->library, file.c_str(), 0, &face) != 0) {
      return absl::NotFoundError(
          absl::StrCat("cannot load font ", file, " (Debian package fonts-dejavu-core)"));
    }
    freetype->faces.push_back(face);
  }
  if (freetype->faces.empty()) return absl::InvalidArgumentError("no font files");
  return std::unique_ptr<TextLineGenerator>(new TextLineGenerator(std::move(freetype)));
}

TextLineGenerator::TextLineGenerator(std::unique_ptr<FreeType> freetype) : freetype_(std::move(freetype)) {}
TextLineGenerator::~TextLineGenerator() = default;

void TextLineGenerator::Render(uint32_t seed, float* chw) const {
  constexpr int kH = kTextLineHeight, kW = kTextLineWidth;
  std::mt19937 rng(seed);
  FT_Face face = freetype_->faces[std::uniform_int_distribution<size_t>(0, freetype_->faces.size() - 1)(rng)];
  const int pixels = static_cast<int>(Uniform(rng, 30, 42));
  FT_Set_Pixel_Sizes(face, 0, pixels);
  const float paper = Uniform(rng, 170, 250), ink = Uniform(rng, 0, 90);
  const float noise_sigma = Uniform(rng, 1, 8);
  // The detector's box: ascender to descender plus a small random margin.
  const int ascender = static_cast<int>(face->size->metrics.ascender >> 6);
  const int baseline =
      std::clamp(ascender + static_cast<int>(Uniform(rng, -3, 3)) + (kH - pixels * 6 / 5) / 2, 0, kH);

  std::vector<float> coverage(kH * kW, 0.f);
  int pen = static_cast<int>(Uniform(rng, 1, 8)), right = 0;
  for (char c : RandomLine(rng)) {
    if (c == ' ') right = pen;
    if (FT_Load_Char(face, static_cast<unsigned char>(c), FT_LOAD_RENDER) != 0) continue;
    const FT_GlyphSlot glyph = face->glyph;
    const int advance = static_cast<int>(glyph->advance.x >> 6);
    if (pen + advance >= kW) {  // keep whole words, unless the first is too long
      if (right == 0) right = pen;
      for (int y = 0; y < kH; ++y) std::fill(&coverage[y * kW + right], &coverage[y * kW + kW], 0.f);
      pen = right;
      break;
    }
    const FT_Bitmap& bitmap = glyph->bitmap;
    for (unsigned r = 0; r < bitmap.rows; ++r) {
      for (unsigned col = 0; col < bitmap.width; ++col) {
        const int y = baseline - glyph->bitmap_top + static_cast<int>(r);
        const int x = pen + glyph->bitmap_left + static_cast<int>(col);
        if (y < 0 || y >= kH || x < 0 || x >= kW) continue;
        coverage[y * kW + x] = std::max(coverage[y * kW + x], bitmap.buffer[r * bitmap.pitch + col] / 255.f);
      }
    }
    pen += advance;
  }
  right = std::max(right, pen);
  // The crop ends shortly after the text; PaddleOCR pads the rest with 0.
  const int width = std::min(kW, right + static_cast<int>(Uniform(rng, 1, 8)));
  const bool flipped = seed % 2 == 1;
  std::normal_distribution<float> noise(0.f, noise_sigma);
  std::vector<float> gray(kH * width);
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < width; ++x) {
      const float a = flipped ? coverage[(kH - 1 - y) * kW + (width - 1 - x)] : coverage[y * kW + x];
      gray[y * width + x] = std::clamp(paper + (ink - paper) * a + noise(rng), 0.f, 255.f);
    }
  }
  for (int c = 0; c < 3; ++c) {
    for (int y = 0; y < kH; ++y) {
      for (int x = 0; x < kW; ++x) {
        chw[(c * kH + y) * kW + x] = x < width ? (gray[y * width + x] / 255.f - 0.5f) / 0.5f : 0.f;
      }
    }
  }
}

TextLineGenerator::Page TextLineGenerator::RenderPage(uint32_t seed, int width, int height) const {
  std::mt19937 rng(seed);
  FT_Face face = freetype_->faces[std::uniform_int_distribution<size_t>(0, freetype_->faces.size() - 1)(rng)];
  const int pixels = static_cast<int>(Uniform(rng, 22, 34));
  FT_Set_Pixel_Sizes(face, 0, pixels);
  const int ascender = static_cast<int>(face->size->metrics.ascender >> 6);
  const int descender = static_cast<int>(-face->size->metrics.descender >> 6);
  const float paper = Uniform(rng, 215, 255), ink = Uniform(rng, 0, 60);
  Page page;
  page.width = width;
  page.height = height;
  std::vector<float> coverage(static_cast<size_t>(width) * height, 0.f);
  const int margin = static_cast<int>(Uniform(rng, 16, 40));
  for (int baseline = margin + ascender; baseline + descender + margin < height;
       baseline += static_cast<int>((ascender + descender) * Uniform(rng, 1.8f, 2.6f))) {
    const int start = margin + static_cast<int>(Uniform(rng, 0, 60));
    std::string line = RandomLine(rng), drawn;
    int pen = start, left = width, top = height, right = 0, bottom = 0;
    for (char c : line) {
      if (FT_Load_Char(face, static_cast<unsigned char>(c), FT_LOAD_RENDER) != 0) continue;
      const FT_GlyphSlot glyph = face->glyph;
      if (pen + (glyph->advance.x >> 6) >= width - margin) break;
      const FT_Bitmap& bitmap = glyph->bitmap;
      for (unsigned r = 0; r < bitmap.rows; ++r) {
        for (unsigned col = 0; col < bitmap.width; ++col) {
          const int y = baseline - glyph->bitmap_top + static_cast<int>(r);
          const int x = pen + glyph->bitmap_left + static_cast<int>(col);
          const float a = bitmap.buffer[r * bitmap.pitch + col] / 255.f;
          if (y < 0 || y >= height || x < 0 || x >= width || a <= 0.f) continue;
          coverage[y * width + x] = std::max(coverage[y * width + x], a);
          left = std::min(left, x);
          right = std::max(right, x + 1);
          top = std::min(top, y);
          bottom = std::max(bottom, y + 1);
        }
      }
      drawn += c;
      pen += static_cast<int>(glyph->advance.x >> 6);
    }
    while (!drawn.empty() && drawn.back() == ' ') drawn.pop_back();
    if (drawn.empty()) continue;
    page.lines.push_back(drawn);
    page.boxes.push_back({left, top, right, bottom});
  }
  std::normal_distribution<float> noise(0.f, 2.f);
  page.rgb.resize(coverage.size() * 3);
  for (size_t i = 0; i < coverage.size(); ++i) {
    const float v = std::clamp(paper + (ink - paper) * coverage[i] + noise(rng), 0.f, 255.f);
    for (int c = 0; c < 3; ++c) page.rgb[i * 3 + c] = static_cast<uint8_t>(std::lround(v));
  }
  return page;
}

}  // namespace mint8::testing
