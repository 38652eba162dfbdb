// Text boxes from a DB (differentiable binarization) detector's probability
// map, as PaddleOCR's DBPostProcess finds them: pixels above
// `pixel_threshold` form connected regions; a region whose box has a mean
// probability of at least `box_threshold` becomes a box, grown by
// area * unclip_ratio / perimeter on every side (the detector predicts
// shrunk text kernels). Boxes are axis-aligned: rotated lines get their
// bounding box.
#ifndef MINT8_TOOLS_PADDLE_OCR_TEXT_BOX_FINDER_H_
#define MINT8_TOOLS_PADDLE_OCR_TEXT_BOX_FINDER_H_

#include <vector>

namespace mint8::tools::ocr {

struct TextBox {
  // Pixel columns [x0, x1) and rows [y0, y1) in the probability map.
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float score = 0.f;  // mean probability inside the region's box
};

struct TextBoxOptions {
  float pixel_threshold = 0.3f;
  float box_threshold = 0.6f;
  float unclip_ratio = 1.5f;
  int min_side = 3;      // regions thinner than this are noise
  int max_boxes = 1000;  // the highest-scoring ones are kept
};

// `probability`: height x width, row-major. Boxes top to bottom, then left
// to right.
std::vector<TextBox> FindTextBoxes(const float* probability, int height, int width,
                                   const TextBoxOptions& options = {});

}  // namespace mint8::tools::ocr

#endif  // MINT8_TOOLS_PADDLE_OCR_TEXT_BOX_FINDER_H_
