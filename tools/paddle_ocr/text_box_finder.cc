#include "tools/paddle_ocr/text_box_finder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace mint8::tools::ocr {
namespace {

// The bounding box of the 8-connected region at (x, y), whose pixels are
// marked visited.
TextBox FloodRegion(const std::vector<uint8_t>& above, int height, int width, int x, int y,
                    std::vector<uint8_t>& visited, std::vector<int>& stack) {
  TextBox box{x, y, x + 1, y + 1, 0.f};
  stack.assign(1, y * width + x);
  visited[y * width + x] = 1;
  while (!stack.empty()) {
    const int at = stack.back();
    stack.pop_back();
    const int cy = at / width, cx = at % width;
    box.x0 = std::min(box.x0, cx);
    box.x1 = std::max(box.x1, cx + 1);
    box.y0 = std::min(box.y0, cy);
    box.y1 = std::max(box.y1, cy + 1);
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dx = -1; dx <= 1; ++dx) {
        const int ny = cy + dy, nx = cx + dx;
        if (ny < 0 || ny >= height || nx < 0 || nx >= width) continue;
        const int n = ny * width + nx;
        if (above[n] && !visited[n]) {
          visited[n] = 1;
          stack.push_back(n);
        }
      }
    }
  }
  return box;
}

float MeanInside(const float* probability, int width, const TextBox& box) {
  double sum = 0;
  for (int y = box.y0; y < box.y1; ++y) {
    for (int x = box.x0; x < box.x1; ++x) sum += probability[y * width + x];
  }
  return static_cast<float>(sum / ((box.x1 - box.x0) * static_cast<double>(box.y1 - box.y0)));
}

}  // namespace

std::vector<TextBox> FindTextBoxes(const float* probability, int height, int width,
                                   const TextBoxOptions& options) {
  const int64_t n = static_cast<int64_t>(height) * width;
  std::vector<uint8_t> above(n), visited(n, 0);
  for (int64_t i = 0; i < n; ++i) above[i] = probability[i] > options.pixel_threshold;
  std::vector<TextBox> boxes;
  std::vector<int> stack;
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      if (!above[y * width + x] || visited[y * width + x]) continue;
      TextBox box = FloodRegion(above, height, width, x, y, visited, stack);
      const int w = box.x1 - box.x0, h = box.y1 - box.y0;
      if (std::min(w, h) < options.min_side) continue;
      box.score = MeanInside(probability, width, box);
      if (box.score < options.box_threshold) continue;
      const float grow = w * h * options.unclip_ratio / (2.f * (w + h));
      const int g = static_cast<int>(std::lround(grow));
      box.x0 = std::max(0, box.x0 - g);
      box.y0 = std::max(0, box.y0 - g);
      box.x1 = std::min(width, box.x1 + g);
      box.y1 = std::min(height, box.y1 + g);
      boxes.push_back(box);
    }
  }
  if (static_cast<int>(boxes.size()) > options.max_boxes) {
    std::partial_sort(boxes.begin(), boxes.begin() + options.max_boxes, boxes.end(),
                      [](const TextBox& a, const TextBox& b) { return a.score > b.score; });
    boxes.resize(options.max_boxes);
  }
  std::sort(boxes.begin(), boxes.end(),
            [](const TextBox& a, const TextBox& b) { return a.y0 != b.y0 ? a.y0 < b.y0 : a.x0 < b.x0; });
  return boxes;
}

}  // namespace mint8::tools::ocr
