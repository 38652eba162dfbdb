#include "tools/data/synthetic_images.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace mint8::tools {

std::vector<uint8_t> SyntheticPixels(uint32_t seed, int64_t index, int64_t height, int64_t width) {
  std::mt19937 rng(seed * 1000003u + static_cast<uint32_t>(index));
  std::uniform_real_distribution<float> unit(0.f, 1.f);
  struct Wave {
    float fx, fy, phase, amplitude[3];
  };
  std::vector<Wave> waves(4);
  for (Wave& w : waves) {
    w.fx = unit(rng) * 6.f / width;
    w.fy = unit(rng) * 6.f / height;
    w.phase = unit(rng) * 6.2831853f;
    for (float& a : w.amplitude) a = (unit(rng) - 0.5f) * 120.f;
  }
  float base[3];
  for (float& b : base) b = 60.f + unit(rng) * 130.f;
  // A straight edge across the image with a color step, as objects have.
  const float edge_angle = unit(rng) * 3.1415927f;
  const float edge_offset = (unit(rng) - 0.5f) * 0.6f * std::min(height, width);
  float step[3];
  for (float& s : step) s = (unit(rng) - 0.5f) * 100.f;
  std::normal_distribution<float> noise(0.f, 8.f);

  std::vector<uint8_t> pixels(height * width * 3);
  const float cx = width / 2.f, cy = height / 2.f;
  for (int64_t y = 0; y < height; ++y) {
    for (int64_t x = 0; x < width; ++x) {
      const bool beyond = (x - cx) * std::cos(edge_angle) + (y - cy) * std::sin(edge_angle) > edge_offset;
      for (int c = 0; c < 3; ++c) {
        float v = base[c] + (beyond ? step[c] : 0.f) + noise(rng);
        for (const Wave& w : waves) {
          v += w.amplitude[c] * std::sin(6.2831853f * (w.fx * x + w.fy * y) + w.phase);
        }
        pixels[(y * width + x) * 3 + c] = static_cast<uint8_t>(std::clamp(v, 0.f, 255.f));
      }
    }
  }
  return pixels;
}

void SyntheticImage(uint32_t seed, int64_t index, int64_t height, int64_t width, float* chw) {
  static constexpr float kMean[3] = {0.485f, 0.456f, 0.406f};
  static constexpr float kStd[3] = {0.229f, 0.224f, 0.225f};
  const std::vector<uint8_t> pixels = SyntheticPixels(seed, index, height, width);
  for (int c = 0; c < 3; ++c) {
    for (int64_t i = 0; i < height * width; ++i) {
      chw[c * height * width + i] = (pixels[i * 3 + c] / 255.f - kMean[c]) / kStd[c];
    }
  }
}

}  // namespace mint8::tools
