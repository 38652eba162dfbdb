#include "tools/data/preprocessing.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace mint8::tools {
namespace {

// Channel c of `img` resampled at source coordinates (x, y) (pixel i covers
// [i, i+1)) with a triangle filter: bilinear when enlarging; when shrinking by
// a factor s the filter widens to s source pixels, so detail is averaged
// rather than aliased (as PIL's antialiased resize does).
float Sample(const RgbImage& img, double x, double y, int c, double sx, double sy) {
  const double cx = x - 0.5, cy = y - 0.5;
  const double rx = std::max(1.0, sx), ry = std::max(1.0, sy);
  double total = 0, weights = 0;
  for (int64_t iy = static_cast<int64_t>(std::ceil(cy - ry)); iy <= static_cast<int64_t>(std::floor(cy + ry));
       ++iy) {
    const double wy = 1 - std::fabs(iy - cy) / ry;
    if (wy <= 0) continue;
    const int64_t yy = std::clamp<int64_t>(iy, 0, img.height - 1);
    for (int64_t ix = static_cast<int64_t>(std::ceil(cx - rx));
         ix <= static_cast<int64_t>(std::floor(cx + rx)); ++ix) {
      const double wx = 1 - std::fabs(ix - cx) / rx;
      if (wx <= 0) continue;
      const int64_t xx = std::clamp<int64_t>(ix, 0, img.width - 1);
      total += wx * wy * img.pixels[(yy * img.width + xx) * 3 + c];
      weights += wx * wy;
    }
  }
  return static_cast<float>(total / weights);
}

}  // namespace

std::string Preprocessing::Describe() const {
  std::string geometry_text;
  switch (geometry) {
    case Geometry::kShorterSideThenCrop:
      geometry_text = absl::StrCat("shorter side to ", resize_size, ", center crop");
      break;
    case Geometry::kSquareThenCrop:
      geometry_text = absl::StrCat("resize to ", resize_size, "x", resize_size, ", center crop");
      break;
    case Geometry::kCentralCropThenResize:
      geometry_text = absl::StrFormat("central crop %.1f%%, resize", 100 * central_fraction);
      break;
  }
  return absl::StrFormat("%s: %s to %dx%d, %s, (x*%g - [%g,%g,%g]) / [%g,%g,%g]", preset, geometry_text,
                         height, width, bgr ? "BGR" : "RGB", scale, mean[0], mean[1], mean[2], std[0], std[1],
                         std[2]);
}

absl::StatusOr<Preprocessing> PresetPreprocessing(const std::string& name, int64_t height, int64_t width) {
  Preprocessing p;
  p.preset = name;
  p.height = height;
  p.width = width;
  p.resize_size = static_cast<int64_t>(std::lround(std::max(height, width) / 0.875));
  if (name == "torch") {
    p.geometry = Geometry::kShorterSideThenCrop;
    p.scale = 1.f / 255;
    p.mean = {0.485f, 0.456f, 0.406f};
    p.std = {0.229f, 0.224f, 0.225f};
  } else if (name == "caffe") {
    // Caffe's ImageNet models were trained on 256x256 images, cropped.
    p.resize_size = std::max<int64_t>(256, std::max(height, width));
    p.geometry = Geometry::kSquareThenCrop;
    p.bgr = true;
    p.mean = {104.f, 117.f, 123.f};
  } else if (name == "inception") {
    p.geometry = Geometry::kCentralCropThenResize;
    p.scale = 1.f / 127.5f;
    p.mean = {1.f, 1.f, 1.f};
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown preprocessing preset '", name, "' (torch, caffe, inception)"));
  }
  return p;
}

void Preprocess(const RgbImage& image, const Preprocessing& p, float* chw) {
  // The source rectangle that maps onto the output, in source pixels.
  double x0 = 0, y0 = 0, w = static_cast<double>(image.width), h = static_cast<double>(image.height);
  double sx = 1, sy = 1;  // source pixels per output pixel
  if (p.geometry == Geometry::kCentralCropThenResize) {
    x0 = std::floor((image.width - image.width * p.central_fraction) / 2);
    y0 = std::floor((image.height - image.height * p.central_fraction) / 2);
    w = image.width - 2 * x0;
    h = image.height - 2 * y0;
    sx = w / p.width;
    sy = h / p.height;
  } else {
    double rw = static_cast<double>(p.resize_size), rh = static_cast<double>(p.resize_size);
    if (p.geometry == Geometry::kShorterSideThenCrop) {
      const double s = static_cast<double>(p.resize_size) / std::min(image.width, image.height);
      rw = std::round(image.width * s);
      rh = std::round(image.height * s);
    }
    sx = image.width / rw;
    sy = image.height / rh;
    // Center crop of the resized image, expressed in source coordinates.
    x0 = std::floor((rw - p.width) / 2) * sx;
    y0 = std::floor((rh - p.height) / 2) * sy;
  }
  ResampleRegion(image, {x0, y0, sx * p.width, sy * p.height}, p.width, p.height, p, chw, p.height, p.width);
}

void ResampleRegion(const RgbImage& image, const SourceRegion& region, int64_t out_width, int64_t out_height,
                    const Preprocessing& p, float* chw, int64_t plane_height, int64_t plane_width) {
  const double sx = region.width / out_width, sy = region.height / out_height;
  const int64_t plane = plane_height * plane_width;
  for (int64_t y = 0; y < out_height; ++y) {
    for (int64_t x = 0; x < out_width; ++x) {
      const double src_x = region.x0 + (x + 0.5) * sx, src_y = region.y0 + (y + 0.5) * sy;
      for (int c = 0; c < 3; ++c) {
        const int src_c = p.bgr ? 2 - c : c;
        const float v = Sample(image, src_x, src_y, src_c, sx, sy);
        chw[c * plane + y * plane_width + x] = (v * p.scale - p.mean[c]) / p.std[c];
      }
    }
  }
}

}  // namespace mint8::tools
