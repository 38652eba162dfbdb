// Fuzz target: bytes as an image file through the JPEG/PNG decoders and the
// preprocessing the tools apply (resize, crop, normalize). A decoded image
// must have the size it declares, within the pixel limit.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "absl/strings/string_view.h"
#include "tools/data/image_decoder.h"
#include "tools/data/preprocessing.h"

namespace {

// Smaller than the tools' limit so that one input stays well under the
// fuzzer's memory limit.
constexpr int64_t kFuzzMaxPixels = int64_t{1} << 22;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::StatusOr<mint8::tools::RgbImage> image = mint8::tools::DecodeImage(
      absl::string_view(reinterpret_cast<const char*>(data), size), "fuzz input", kFuzzMaxPixels);
  if (!image.ok()) return 0;
  if (image->width <= 0 || image->height <= 0 || image->width * image->height > kFuzzMaxPixels ||
      static_cast<int64_t>(image->pixels.size()) != image->width * image->height * 3) {
    std::fprintf(stderr, "decoded a %lldx%lld image with %zu bytes\n", static_cast<long long>(image->width),
                 static_cast<long long>(image->height), image->pixels.size());
    std::abort();
  }
  static const mint8::tools::Preprocessing preprocessing =
      *mint8::tools::PresetPreprocessing("torch", 16, 16);
  std::vector<float> chw(3 * 16 * 16);
  mint8::tools::Preprocess(*image, preprocessing, chw.data());
  return 0;
}
