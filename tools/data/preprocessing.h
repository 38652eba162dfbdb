// Image preprocessing: geometry (resize / crop) and normalization into the
// planar float layout models take, with named presets whose parameters can be
// overridden one by one.
//
//   torch      resize the shorter side to size/0.875 (256 for 224), center
//              crop, RGB, x/255, ImageNet mean/std
//   caffe      resize to 256x256 (aspect not kept; larger for inputs over
//              256), center crop, BGR, 0..255 minus mean (104, 117, 123)
//   inception  central crop of 87.5% of each side, resize, RGB, x/127.5 - 1
#ifndef MINT8_TOOLS_DATA_PREPROCESSING_H_
#define MINT8_TOOLS_DATA_PREPROCESSING_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "tools/data/image_decoder.h"

namespace mint8::tools {

enum class Geometry {
  kShorterSideThenCrop,  // resize keeping aspect, then center crop
  kSquareThenCrop,       // resize to resize_size x resize_size, then center crop
  kCentralCropThenResize,
};

struct Preprocessing {
  std::string preset;
  Geometry geometry = Geometry::kShorterSideThenCrop;
  int64_t resize_size = 256;          // for the *ThenCrop geometries
  double central_fraction = 0.875;    // for kCentralCropThenResize
  int64_t height = 224, width = 224;  // output
  bool bgr = false;
  // value = (pixel * scale - mean[c]) / std[c], c in output channel order.
  float scale = 1.f;
  std::array<float, 3> mean = {0, 0, 0};
  std::array<float, 3> std = {1, 1, 1};

  std::string Describe() const;
};

// The preset for a model input of `height` x `width`.
absl::StatusOr<Preprocessing> PresetPreprocessing(const std::string& name, int64_t height, int64_t width);

// Writes 3 x height x width floats.
void Preprocess(const RgbImage& image, const Preprocessing& p, float* chw);

// A rectangle of source pixels (pixel i covers [i, i+1)).
struct SourceRegion {
  double x0 = 0, y0 = 0, width = 0, height = 0;
};

// `region` of `image` resampled to out_width x out_height and normalized as
// `p` says (channel order, scale, mean, std; not its geometry or size),
// written into the top-left corner of a 3 x plane_height x plane_width
// buffer (the rest is left as it is): text crops for OCR models.
void ResampleRegion(const RgbImage& image, const SourceRegion& region, int64_t out_width, int64_t out_height,
                    const Preprocessing& p, float* chw, int64_t plane_height, int64_t plane_width);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_DATA_PREPROCESSING_H_
