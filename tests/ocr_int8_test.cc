// PTQ on the real PaddleOCR text-direction classifier: INT8 agrees with FP32
// on at least 99% of generated text-line images.
//
// Inputs: generated text lines (tests/text_lines.h): words of lowercase
// letters from a 5x10 bitmap font, random size, ink, paper,
// spacing and noise; half rotated by 180 degrees. Calibration and evaluation
// images come from different seeds. The model is quantized the way the tools
// do it (on a CPU without VNNI both exact modes are compared, the better is
// kept).
#include <cmath>
#include <fstream>
#include <random>

#include "gtest/gtest.h"
#include "ir/model.h"
#include "quantization/calibration/calibrator.h"
#include "kernels/onednn/engine.h"
#include "quantization/mode_selection.h"
#include "quantization/quantizer.h"
#include "tests/text_lines.h"
#include "runtime/session.h"

namespace mint8 {
namespace {

constexpr char kModel[] = "external/mint8_test_models/ocr_cls.onnx";
constexpr int kH = testing::kTextLineHeight, kW = testing::kTextLineWidth;
using testing::TextLineImage;

static float last_confidence = 0;
int Top1(const runtime::Session& s, const std::vector<float>& image) {
  float out[2];
  ir::ConstTensorView in{ir::DataType::kF32, {1, 3, kH, kW}, image.data()};
  ir::MutableTensorView o{ir::DataType::kF32, {1, 2}, out};
  EXPECT_TRUE(s.Run({&in, 1}, {&o, 1}).ok());
  last_confidence = std::max(out[0], out[1]);
  return out[1] > out[0] ? 1 : 0;
}

TEST(OcrInt8Test, Int8AgreesWithFp32OnGeneratedTextLines) {
  ASSERT_TRUE(std::ifstream(kModel).good()) << "missing " << kModel << ": run ./bazelw first (npm model)";
  absl::StatusOr<ir::Graph> model = ir::LoadModelFile(kModel);
  ASSERT_TRUE(model.ok()) << model.status();
  auto prepared = quantization::PrepareForQuantization(*model, {{"x", {1, 3, kH, kW}}});
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  quantization::CalibrationImages calibration{100, [](int64_t i, float* chw) {
                                                TextLineImage(100000 + static_cast<uint32_t>(i), chw);
                                                return absl::OkStatus();
                                              }};
  auto stats = quantization::Calibrate(*prepared, calibration, 1, nullptr);
  ASSERT_TRUE(stats.ok()) << stats.status();
  quantization::QuantizerOptions options_q;
  if (getenv("ALGO")) options_q.algorithm = *quantization::ParseCalibrationAlgorithm(getenv("ALGO"));
  if (!kernels::onednn::OnednnHasInt8Vnni()) {
    auto modes = quantization::CompareInt8Modes(*prepared, *stats, options_q, calibration, {{7, 8}, {8, 7}});
    ASSERT_TRUE(modes.ok()) << modes.status();
    for (auto& m : *modes) std::printf("mode w%d a%d err %.4f agree %.1f\n", m.weight_bits, m.activation_bits, m.relative_error, m.top1_agreement);
    options_q.weight_bits = (*modes)[0].weight_bits;
    options_q.activation_bits = (*modes)[0].activation_bits;
    std::printf("kept %d-bit weights, %d-bit activations\n", options_q.weight_bits, options_q.activation_bits);
  }
  auto int8 = quantization::QuantizeWithStatistics(*prepared, *stats, options_q, nullptr);
  ASSERT_TRUE(int8.ok()) << int8.status();

  runtime::SessionOptions options;
  options.num_threads = 1;
  auto fp32_session = runtime::Session::Create(*prepared, options);
  auto int8_session = runtime::Session::Create(*int8, options);
  int int8_steps = 0;
  for (const runtime::PlanStep& step : (*int8_session)->plan().steps) {
    int8_steps += step.kernel->implementation().find("int8") != std::string::npos;
  }
  EXPECT_GT(int8_steps, 40);

  constexpr int kImages = 600;
  int agree = 0, fp32_correct = 0;
  std::vector<float> image(3 * kH * kW);
  for (int i = 0; i < kImages; ++i) {
    TextLineImage(static_cast<uint32_t>(i), image.data());
    const int f = Top1(**fp32_session, image);
    const float conf = last_confidence;
    const int q = Top1(**int8_session, image);
    if (f != q) std::printf("DISAGREE fp32 confidence %.3f int8 %.3f\n", conf, last_confidence);
    agree += f == q;
    fp32_correct += f == i % 2;
  }
  std::printf("FP32 reads the direction of %d/%d generated lines; INT8 agrees with FP32 on %d/%d (%.1f%%)\n",
              fp32_correct, kImages, agree, kImages, 100.0 * agree / kImages);
  EXPECT_GE(agree, kImages * 99 / 100);
  // The images are text-like enough for the real model to read them.
  EXPECT_GT(fp32_correct, kImages * 3 / 4);
}

}  // namespace
}  // namespace mint8
