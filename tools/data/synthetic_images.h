// SyntheticImages: deterministic, image-like inputs for smoke runs, zoo model
// initialization and calibration without real data. Each image is a sum of a
// few random low-frequency color waves, an edge and pixel noise, produced in
// 0..255 RGB and then normalized like the `torch` preset, so values and
// spatial correlation resemble real preprocessed photos.
#ifndef MINT8_TOOLS_DATA_SYNTHETIC_IMAGES_H_
#define MINT8_TOOLS_DATA_SYNTHETIC_IMAGES_H_

#include <cstdint>
#include <vector>

namespace mint8::tools {

// Fills `chw` (3 x height x width) with synthetic image `index` of `seed`.
void SyntheticImage(uint32_t seed, int64_t index, int64_t height, int64_t width, float* chw);

// The same as 0..255 RGB pixels, interleaved HWC.
std::vector<uint8_t> SyntheticPixels(uint32_t seed, int64_t index, int64_t height, int64_t width);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_DATA_SYNTHETIC_IMAGES_H_
