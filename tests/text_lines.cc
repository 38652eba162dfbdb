#include "tests/text_lines.h"

#include <algorithm>
#include <random>
#include <vector>

namespace mint8::testing {
namespace {

// Lowercase glyphs in a 5x10 cell: 3 rows of ascender space, a 5-row
// x-height, 2 rows of descender; '#' = ink. Ascenders and descenders make a
// line's direction readable, as in real text.
struct Glyph {
  const char* rows[10];
};

constexpr Glyph kFont[] = {
    {{"     ", "     ", "     ", " ### ", "    #", " ####", "#   #", " ####", "     ", "     "}},  // a
    {{"#    ", "#    ", "#    ", "#### ", "#   #", "#   #", "#   #", "#### ", "     ", "     "}},  // b
    {{"     ", "     ", "     ", " ####", "#    ", "#    ", "#    ", " ####", "     ", "     "}},  // c
    {{"    #", "    #", "    #", " ####", "#   #", "#   #", "#   #", " ####", "     ", "     "}},  // d
    {{"     ", "     ", "     ", " ### ", "#   #", "#####", "#    ", " ####", "     ", "     "}},  // e
    {{"  ## ", " #   ", " #   ", "#### ", " #   ", " #   ", " #   ", " #   ", "     ", "     "}},  // f
    {{"     ", "     ", "     ", " ####", "#   #", "#   #", " ####", "    #", "    #", " ### "}},  // g
    {{"#    ", "#    ", "#    ", "#### ", "#   #", "#   #", "#   #", "#   #", "     ", "     "}},  // h
    {{"     ", "  #  ", "     ", " ##  ", "  #  ", "  #  ", "  #  ", " ### ", "     ", "     "}},  // i
    {{"     ", "   # ", "     ", "  ## ", "   # ", "   # ", "   # ", "   # ", "#  # ", " ##  "}},  // j
    {{"#    ", "#    ", "#    ", "#  # ", "# #  ", "##   ", "# #  ", "#  # ", "     ", "     "}},  // k
    {{" ##  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", "  #  ", " ### ", "     ", "     "}},  // l
    {{"     ", "     ", "     ", "## # ", "# # #", "# # #", "# # #", "#   #", "     ", "     "}},  // m
    {{"     ", "     ", "     ", "#### ", "#   #", "#   #", "#   #", "#   #", "     ", "     "}},  // n
    {{"     ", "     ", "     ", " ### ", "#   #", "#   #", "#   #", " ### ", "     ", "     "}},  // o
    {{"     ", "     ", "     ", "#### ", "#   #", "#   #", "#### ", "#    ", "#    ", "#    "}},  // p
    {{"     ", "     ", "     ", " ####", "#   #", "#   #", " ####", "    #", "    #", "    #"}},  // q
    {{"     ", "     ", "     ", "# ## ", "##   ", "#    ", "#    ", "#    ", "     ", "     "}},  // r
    {{"     ", "     ", "     ", " ####", "#    ", " ### ", "    #", "#### ", "     ", "     "}},  // s
    {{"     ", " #   ", " #   ", "#### ", " #   ", " #   ", " #  #", "  ## ", "     ", "     "}},  // t
    {{"     ", "     ", "     ", "#   #", "#   #", "#   #", "#   #", " ####", "     ", "     "}},  // u
    {{"     ", "     ", "     ", "#   #", "#   #", "#   #", " ####", "    #", "    #", " ### "}},  // y
};

}  // namespace

void TextLineImage(uint32_t seed, float* chw) {
  constexpr int kH = kTextLineHeight, kW = kTextLineWidth;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(0.f, 1.f);
  std::normal_distribution<float> noise(0.f, 5.f);
  std::vector<float> gray(kH * kW);
  const float paper = 190 + 50 * u(rng);
  const float ink = 15 + 70 * u(rng);
  for (float& g : gray) g = paper + noise(rng);
  const int scale = 3 + static_cast<int>(2 * u(rng));  // glyph pixels are scale x scale
  const int top = std::max(0, (kH - 10 * scale) / 2 + static_cast<int>(4 * (u(rng) - 0.5f)));
  int x = 2 + static_cast<int>(12 * u(rng));
  const int glyphs = sizeof(kFont) / sizeof(kFont[0]);
  while (x + 5 * scale < kW) {
    const Glyph& g = kFont[static_cast<int>(u(rng) * glyphs) % glyphs];
    for (int r = 0; r < 10; ++r) {
      for (int c = 0; c < 5; ++c) {
        if (g.rows[r][c] != '#') continue;
        for (int dy = 0; dy < scale; ++dy) {
          for (int dx = 0; dx < scale; ++dx) {
            const int yy = top + r * scale + dy, xx = x + c * scale + dx;
            if (yy < kH && xx < kW) gray[yy * kW + xx] = ink + noise(rng);
          }
        }
      }
    }
    x += 6 * scale + (u(rng) < 0.2f ? 3 * scale : 0);  // letter spacing, some word gaps
  }
  const bool flipped = seed % 2 == 1;
  for (int c = 0; c < 3; ++c) {
    for (int y = 0; y < kH; ++y) {
      for (int xx = 0; xx < kW; ++xx) {
        const float g = flipped ? gray[(kH - 1 - y) * kW + (kW - 1 - xx)] : gray[y * kW + xx];
        chw[(c * kH + y) * kW + xx] = (std::clamp(g, 0.f, 255.f) / 255.f - 0.5f) / 0.5f;
      }
    }
  }
}

}  // namespace mint8::testing
