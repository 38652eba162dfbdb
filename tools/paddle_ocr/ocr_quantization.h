// INT8 versions of the OCR models, calibrated on the user's own images with
// the pipeline's preprocessing: the detector on the images as the pipeline
// feeds them, the classifier and recognizer on the line crops the FP32
// detector finds in them (a crop set is what those models see in use).
//
//   auto int8 = QuantizeOcrModels(fp32_models, decoder, images, options);
//   auto pipeline = OcrPipeline::Create(*int8, decoder, options);
#ifndef MINT8_TOOLS_PADDLE_OCR_OCR_QUANTIZATION_H_
#define MINT8_TOOLS_PADDLE_OCR_OCR_QUANTIZATION_H_

#include <vector>

#include "absl/status/statusor.h"
#include "tools/data/image_decoder.h"
#include "tools/paddle_ocr/ocr_pipeline.h"

namespace mint8::tools::ocr {

// At most `max_crops` line crops calibrate the line models. Fails when the
// images hold no text the FP32 detector finds.
absl::StatusOr<OcrModels> QuantizeOcrModels(const OcrModels& fp32, const CtcDecoder& decoder,
                                            const std::vector<RgbImage>& images, const OcrOptions& options,
                                            int max_crops = 300);

}  // namespace mint8::tools::ocr

#endif  // MINT8_TOOLS_PADDLE_OCR_OCR_QUANTIZATION_H_
