#include "tools/paddle_ocr/ocr_pipeline.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "tools/data/preprocessing.h"

namespace mint8::tools::ocr {
namespace {

// PaddleOCR's inputs: BGR, (x / 255 - mean) / std.
Preprocessing Normalization(std::array<float, 3> mean, std::array<float, 3> std) {
  Preprocessing p;
  p.bgr = true;
  p.scale = 1.f / 255;
  p.mean = mean;
  p.std = std;
  return p;
}

Preprocessing DetectorNormalization() {
  return Normalization({0.485f, 0.456f, 0.406f}, {0.229f, 0.224f, 0.225f});
}

Preprocessing LineNormalization() { return Normalization({0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f}); }

absl::StatusOr<std::unique_ptr<runtime::Session>> Compile(const ir::Graph& model, const char* role,
                                                          ir::Dims dims, int threads) {
  if (model.inputs().size() != 1 || model.outputs().size() != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the ", role, " model must have one input and one output"));
  }
  runtime::SessionOptions options;
  options.num_threads = threads;
  options.input_shapes = {{model.inputs()[0], std::move(dims)}};
  absl::StatusOr<std::unique_ptr<runtime::Session>> session = runtime::Session::Create(model, options);
  if (!session.ok()) {
    return absl::Status(session.status().code(),
                        absl::StrCat("the ", role, " model: ", session.status().message()));
  }
  return session;
}

// Runs `session` on one f32 input; returns its output.
absl::StatusOr<std::vector<float>> RunOnce(const runtime::Session& session, const std::vector<float>& input) {
  const runtime::TensorSpec& in = session.inputs()[0];
  const runtime::TensorSpec& out = session.outputs()[0];
  std::vector<float> output(ir::NumElements(out.dims));
  ir::ConstTensorView x{ir::DataType::kF32, in.dims, input.data()};
  ir::MutableTensorView y{ir::DataType::kF32, out.dims, output.data()};
  MINT8_RETURN_IF_ERROR(session.Run({&x, 1}, {&y, 1}));
  return output;
}

}  // namespace

OcrModels Fp32OcrModels(ir::Graph detector, std::optional<ir::Graph> classifier,
                        const ir::Graph& recognizer) {
  OcrModels models{std::move(detector), std::move(classifier), {}};
  for (int width : kRecognizerWidths) models.recognizers.emplace(width, recognizer);
  return models;
}

DetectorScale DetectorInput(const RgbImage& image, int side, float* chw) {
  const double scale = std::min(1.0, static_cast<double>(side) / std::max(image.width, image.height));
  // Sides rounded to multiples of 32 (the detector downsamples by 32).
  const int64_t w = std::clamp<int64_t>(std::lround(image.width * scale / 32) * 32, 32, side);
  const int64_t h = std::clamp<int64_t>(std::lround(image.height * scale / 32) * 32, 32, side);
  std::fill(chw, chw + 3 * static_cast<int64_t>(side) * side, 0.f);
  ResampleRegion(image, {0, 0, static_cast<double>(image.width), static_cast<double>(image.height)}, w, h,
                 DetectorNormalization(), chw, side, side);
  return {static_cast<double>(w) / image.width, static_cast<double>(h) / image.height};
}

void LineInput(const RgbImage& image, const OcrLine& box, int width, bool turn, float* chw) {
  const int bw = box.x1 - box.x0, bh = box.y1 - box.y0;
  const int64_t w =
      std::clamp<int64_t>(std::lround(std::ceil(kLineHeight * static_cast<double>(bw) / bh)), 1, width);
  std::vector<float> crop(3 * kLineHeight * static_cast<int64_t>(width), 0.f);
  ResampleRegion(image,
                 {static_cast<double>(box.x0), static_cast<double>(box.y0), static_cast<double>(bw),
                  static_cast<double>(bh)},
                 w, kLineHeight, LineNormalization(), crop.data(), kLineHeight, width);
  if (!turn) {
    std::copy(crop.begin(), crop.end(), chw);
    return;
  }
  // Turned by 180 degrees within the text's w columns; the padding stays right.
  std::fill(chw, chw + crop.size(), 0.f);
  for (int c = 0; c < 3; ++c) {
    for (int y = 0; y < kLineHeight; ++y) {
      for (int64_t x = 0; x < w; ++x) {
        chw[(c * kLineHeight + y) * width + x] =
            crop[(c * kLineHeight + (kLineHeight - 1 - y)) * width + (w - 1 - x)];
      }
    }
  }
}

int RecognizerWidth(const OcrLine& box) {
  const double needed = std::ceil(kLineHeight * static_cast<double>(box.x1 - box.x0) / (box.y1 - box.y0));
  for (int width : kRecognizerWidths) {
    if (needed <= width) return width;
  }
  return kRecognizerWidths[std::size(kRecognizerWidths) - 1];
}

absl::StatusOr<std::unique_ptr<OcrPipeline>> OcrPipeline::Create(const OcrModels& models, CtcDecoder decoder,
                                                                 const OcrOptions& options) {
  if (options.detector_side < 32 || options.detector_side % 32 != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("the detector side must be a positive multiple of 32, not ", options.detector_side));
  }
  std::unique_ptr<OcrPipeline> p(new OcrPipeline(std::move(decoder), options));
  const int side = options.detector_side, threads = options.num_threads;
  MINT8_ASSIGN_OR_RETURN(p->detector_, Compile(models.detector, "detector", {1, 3, side, side}, threads));
  const ir::Dims det = p->detector_->outputs()[0].dims;
  if (det.size() != 4 || det[0] != 1 || det[1] != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("the detector must output a 1x1xHxW map, not ", ir::DimsToString(det)));
  }
  if (models.classifier) {
    MINT8_ASSIGN_OR_RETURN(p->classifier_, Compile(*models.classifier, "classifier",
                                                   {1, 3, kLineHeight, kClassifierWidth}, threads));
    if (ir::NumElements(p->classifier_->outputs()[0].dims) != 2) {
      return absl::InvalidArgumentError("the classifier model must output 2 values (0 and 180 degrees)");
    }
  }
  for (int width : kRecognizerWidths) {
    auto it = models.recognizers.find(width);
    if (it == models.recognizers.end()) {
      return absl::InvalidArgumentError(absl::StrCat("no recognizer for line crops ", width, " wide"));
    }
    MINT8_ASSIGN_OR_RETURN(std::unique_ptr<runtime::Session> session,
                           Compile(it->second, "recognizer", {1, 3, kLineHeight, width}, threads));
    const ir::Dims rec = session->outputs()[0].dims;
    if (rec.size() != 3 || rec[2] != p->decoder_.num_classes()) {
      return absl::InvalidArgumentError(absl::StrCat("the recognizer outputs ", ir::DimsToString(rec),
                                                     "; the dictionary has ", p->decoder_.num_classes(),
                                                     " classes with blank and space"));
    }
    p->recognizers_[width] = std::move(session);
  }
  return p;
}

absl::StatusOr<std::vector<OcrLine>> OcrPipeline::Detect(const RgbImage& image) const {
  const int side = options_.detector_side;
  std::vector<float> input(3 * static_cast<int64_t>(side) * side);
  const DetectorScale scale = DetectorInput(image, side, input.data());
  MINT8_ASSIGN_OR_RETURN(std::vector<float> map, RunOnce(*detector_, input));
  const ir::Dims dims = detector_->outputs()[0].dims;
  std::vector<OcrLine> lines;
  for (const TextBox& b :
       FindTextBoxes(map.data(), static_cast<int>(dims[2]), static_cast<int>(dims[3]), options_.boxes)) {
    OcrLine line;
    line.x0 = static_cast<int>(std::clamp<int64_t>(std::lround(b.x0 / scale.x), 0, image.width));
    line.y0 = static_cast<int>(std::clamp<int64_t>(std::lround(b.y0 / scale.y), 0, image.height));
    line.x1 = static_cast<int>(std::clamp<int64_t>(std::lround(b.x1 / scale.x), 0, image.width));
    line.y1 = static_cast<int>(std::clamp<int64_t>(std::lround(b.y1 / scale.y), 0, image.height));
    line.box_score = b.score;
    if (line.x1 > line.x0 && line.y1 > line.y0) lines.push_back(line);
  }
  return lines;
}

absl::StatusOr<std::vector<OcrLine>> OcrPipeline::Run(const RgbImage& image) const {
  MINT8_ASSIGN_OR_RETURN(std::vector<OcrLine> boxes, Detect(image));
  std::vector<OcrLine> lines;
  std::vector<float> input;
  for (OcrLine& line : boxes) {
    if (classifier_ != nullptr) {
      input.assign(3 * kLineHeight * kClassifierWidth, 0.f);
      LineInput(image, line, kClassifierWidth, false, input.data());
      MINT8_ASSIGN_OR_RETURN(std::vector<float> direction, RunOnce(*classifier_, input));
      line.rotated = direction[1] > options_.rotation_threshold;
    }
    const int width = RecognizerWidth(line);
    const runtime::Session& recognizer = *recognizers_.at(width);
    input.assign(3 * kLineHeight * width, 0.f);
    LineInput(image, line, width, line.rotated, input.data());
    MINT8_ASSIGN_OR_RETURN(std::vector<float> probabilities, RunOnce(recognizer, input));
    line.text = decoder_.Decode(probabilities.data(), static_cast<int>(recognizer.outputs()[0].dims[1]));
    if (!line.text.text.empty()) lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace mint8::tools::ocr
