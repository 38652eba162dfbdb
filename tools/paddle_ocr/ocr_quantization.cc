#include "tools/paddle_ocr/ocr_quantization.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"
#include "quantization/pipeline.h"

namespace mint8::tools::ocr {
namespace {

// `model` quantized on `count` inputs of `dims` that `fill(i, chw)` writes.
absl::StatusOr<ir::Graph> Quantize(const ir::Graph& model, const char* role, const ir::Dims& dims,
                                   int64_t count, std::function<void(int64_t, float*)> fill) {
  quantization::PipelineOptions options;
  options.input_shapes = {{model.inputs()[0], dims}};
  options.calibration = quantization::CalibrationImages{count, [fill](int64_t i, float* chw) {
                                                          fill(i, chw);
                                                          return absl::OkStatus();
                                                        }};
  options.calibration_description = absl::StrCat(count, " OCR ", role, " inputs");
  options.calibration_batch_size = 1;
  options.tuning_images = std::min<int64_t>(count, 30);
  absl::StatusOr<quantization::PipelineResult> result = quantization::QuantizeModel(model, options);
  if (!result.ok()) {
    return absl::Status(result.status().code(),
                        absl::StrCat("quantizing the ", role, ": ", result.status().message()));
  }
  return std::move(result->int8);
}

}  // namespace

absl::StatusOr<OcrModels> QuantizeOcrModels(const OcrModels& fp32, const CtcDecoder& decoder,
                                            const std::vector<RgbImage>& images, const OcrOptions& options,
                                            int max_crops) {
  if (images.empty()) return absl::InvalidArgumentError("no calibration images");
  MINT8_ASSIGN_OR_RETURN(std::unique_ptr<OcrPipeline> pipeline, OcrPipeline::Create(fp32, decoder, options));
  struct Crop {
    const RgbImage* image;
    OcrLine box;
  };
  std::vector<Crop> crops;
  for (const RgbImage& image : images) {
    MINT8_ASSIGN_OR_RETURN(std::vector<OcrLine> boxes, pipeline->Detect(image));
    for (const OcrLine& box : boxes) {
      if (static_cast<int>(crops.size()) < max_crops) crops.push_back({&image, box});
    }
  }
  if (crops.empty())
    return absl::InvalidArgumentError("the FP32 detector finds no text in the calibration images");
  const int side = options.detector_side;
  OcrModels int8;
  MINT8_ASSIGN_OR_RETURN(
      int8.detector,
      Quantize(fp32.detector, "detector", {1, 3, side, side}, static_cast<int64_t>(images.size()),
               [&](int64_t i, float* chw) { DetectorInput(images[i], side, chw); }));
  const auto line_inputs = [&crops](int width) {
    return [&crops, width](int64_t i, float* chw) {
      LineInput(*crops[i].image, crops[i].box, width, false, chw);
    };
  };
  if (fp32.classifier) {
    MINT8_ASSIGN_OR_RETURN(int8.classifier,
                           Quantize(*fp32.classifier, "classifier", {1, 3, kLineHeight, kClassifierWidth},
                                    static_cast<int64_t>(crops.size()), line_inputs(kClassifierWidth)));
  }
  for (const auto& [width, recognizer] : fp32.recognizers) {
    std::vector<const Crop*> fitting;  // the crops read at this width
    for (const Crop& crop : crops) {
      if (RecognizerWidth(crop.box) == width) fitting.push_back(&crop);
    }
    // A width no calibration line needs still gets a model, from all crops.
    if (fitting.empty()) {
      for (const Crop& crop : crops) fitting.push_back(&crop);
    }
    const int w = width;
    MINT8_ASSIGN_OR_RETURN(
        int8.recognizers[w],
        Quantize(recognizer, "recognizer", {1, 3, kLineHeight, w}, static_cast<int64_t>(fitting.size()),
                 [&fitting, w](int64_t i, float* chw) {
                   LineInput(*fitting[i]->image, fitting[i]->box, w, false, chw);
                 }));
  }
  return int8;
}

}  // namespace mint8::tools::ocr
