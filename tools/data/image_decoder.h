// Decoding JPEG (libjpeg-turbo) and PNG (libpng) files into 8-bit RGB.
// Grayscale, palette, alpha and CMYK images are converted; a corrupt or
// truncated file, or one larger than the pixel limit, is an error naming it,
// never a crash.
#ifndef MINT8_TOOLS_DATA_IMAGE_DECODER_H_
#define MINT8_TOOLS_DATA_IMAGE_DECODER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mint8::tools {

struct RgbImage {
  int64_t width = 0, height = 0;
  std::vector<uint8_t> pixels;  // height x width x 3, row-major
};

// 2^27 pixels (384 MiB as RGB): far above any classifier's input, far below
// what a decompression bomb declares (65500x65500).
inline constexpr int64_t kMaxImagePixels = int64_t{1} << 27;

absl::StatusOr<RgbImage> DecodeImageFile(const std::string& path, int64_t max_pixels = kMaxImagePixels);
// The same for a file's contents already in memory; `name` is for messages.
absl::StatusOr<RgbImage> DecodeImage(absl::string_view bytes, const std::string& name,
                                     int64_t max_pixels = kMaxImagePixels);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_DATA_IMAGE_DECODER_H_
