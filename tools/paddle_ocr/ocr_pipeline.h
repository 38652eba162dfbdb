// OcrPipeline: PaddleOCR's three models end to end on one image: the DB text
// detector finds line boxes, the optional direction classifier turns
// upside-down lines, the CRNN/SVTR recognizer reads each line (CTC). FP32
// or INT8: each model is whatever graph it is given (an ONNX file, or a
// .mint8 that //tools:quantize wrote).
//
//   auto pipeline = OcrPipeline::Create(models, OcrOptions{});
//   auto lines = (*pipeline)->Run(image);   // boxes and text, top to bottom
//
// Inputs follow PaddleOCR's preprocessing: the detector sees the image
// scaled so its longer side is at most `detector_side` (sides multiples of
// 32), zero-padded to detector_side x detector_side, BGR, ImageNet
// mean/std; line crops are resized to the model's height (48), BGR,
// (x/255 - 0.5) / 0.5, zero-padded on the right.
#ifndef MINT8_TOOLS_PADDLE_OCR_OCR_PIPELINE_H_
#define MINT8_TOOLS_PADDLE_OCR_OCR_PIPELINE_H_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "runtime/session.h"
#include "tools/data/image_decoder.h"
#include "tools/paddle_ocr/ctc_decoder.h"
#include "tools/paddle_ocr/text_box_finder.h"

namespace mint8::tools::ocr {

inline constexpr int kLineHeight = 48;
inline constexpr int kClassifierWidth = 192;
// Line crops are read at the narrowest of these widths that holds them
// (PaddleOCR sizes its recognizer input to the line; mint8 compiles a few).
inline constexpr int kRecognizerWidths[] = {320, 640, 960};

struct OcrOptions {
  int detector_side = 960;
  int num_threads = 1;
  TextBoxOptions boxes;
  // The classifier's "rotated by 180 degrees" probability above which a
  // line is turned before recognition.
  float rotation_threshold = 0.9f;
};

struct OcrModels {
  ir::Graph detector;
  std::optional<ir::Graph> classifier;
  // The recognizer for each crop width in kRecognizerWidths (an FP32 model
  // with a free width serves them all; INT8 models are calibrated per width).
  std::map<int, ir::Graph> recognizers;
};
// FP32 models as exported (any input width).
OcrModels Fp32OcrModels(ir::Graph detector, std::optional<ir::Graph> classifier, const ir::Graph& recognizer);

struct OcrLine {
  // Pixel columns [x0, x1) and rows [y0, y1) of the input image.
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  float box_score = 0.f;
  bool rotated = false;  // the classifier turned it
  RecognizedText text;
};

// Detector pixels per image pixel, across and down.
struct DetectorScale {
  double x = 1, y = 1;
};
// The detector's input for `image`: 3 x side x side floats.
DetectorScale DetectorInput(const RgbImage& image, int side, float* chw);
// A line crop as the classifier (width 192) or recognizer takes it: 3 x 48 x
// width floats, the text resized to height 48 (narrower if it would not
// fit) and zero-padded on the right; `turn` rotates it by 180 degrees.
void LineInput(const RgbImage& image, const OcrLine& box, int width, bool turn, float* chw);
// The narrowest of kRecognizerWidths that holds `box` at height 48 (the
// widest when none does).
int RecognizerWidth(const OcrLine& box);

class OcrPipeline {
 public:
  static absl::StatusOr<std::unique_ptr<OcrPipeline>> Create(const OcrModels& models, CtcDecoder decoder,
                                                             const OcrOptions& options);

  // Boxes whose text is empty are dropped.
  absl::StatusOr<std::vector<OcrLine>> Run(const RgbImage& image) const;
  // Just the detector's boxes, in image pixels.
  absl::StatusOr<std::vector<OcrLine>> Detect(const RgbImage& image) const;

 private:
  OcrPipeline(CtcDecoder decoder, const OcrOptions& options)
      : decoder_(std::move(decoder)), options_(options) {}

  CtcDecoder decoder_;
  OcrOptions options_;
  std::unique_ptr<runtime::Session> detector_, classifier_;
  std::map<int, std::unique_ptr<runtime::Session>> recognizers_;
};

}  // namespace mint8::tools::ocr

#endif  // MINT8_TOOLS_PADDLE_OCR_OCR_PIPELINE_H_
