// Decoding JPEG (libjpeg-turbo) and PNG (libpng) files into 8-bit RGB.
// Grayscale, palette and alpha images are converted; a corrupt or truncated
// file is an error naming it, never a crash.
#ifndef MINT8_TOOLS_DATA_IMAGE_DECODER_H_
#define MINT8_TOOLS_DATA_IMAGE_DECODER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace mint8::tools {

struct RgbImage {
  int64_t width = 0, height = 0;
  std::vector<uint8_t> pixels;  // height x width x 3, row-major
};

absl::StatusOr<RgbImage> DecodeImageFile(const std::string& path);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_DATA_IMAGE_DECODER_H_
