// PTQ on the real PaddleOCR text-direction classifier: INT8 agrees with FP32
// on at least 99% of generated text lines.
//
// Inputs: tests/text_lines.h - lines of English words drawn with FreeType in
// five DejaVu faces at random sizes, colours and noise, half of them rotated
// by 180 degrees. Calibration and evaluation images come from disjoint seeds.
// The model is quantized the way //tools:quantize does it (on a CPU without
// VNNI both exact modes are compared on the calibration images and the better
// is kept). MINT8_OCR_LINES=N (--test_env) evaluates N lines instead of 1000
// and MINT8_OCR_SYMMETRIC=1 quantizes activations symmetrically, for the
// accuracy figures in docs/quantization.md.
#include <algorithm>
#include <cstdlib>
#include <fstream>

#include "gtest/gtest.h"
#include "ir/data_type.h"
#include "ir/model.h"
#include "quantization/pipeline.h"
#include "runtime/session.h"
#include "tests/text_lines.h"

namespace mint8 {
namespace {

constexpr char kModel[] = "external/mint8_test_models/ocr_cls.onnx";
constexpr int kH = testing::kTextLineHeight, kW = testing::kTextLineWidth;
constexpr uint32_t kCalibrationSeeds = 1000000;

// 1 = "rotated by 180 degrees".
int Direction(const runtime::Session& session, const std::vector<float>& image) {
  float out[2];
  ir::ConstTensorView in{ir::DataType::kF32, {1, 3, kH, kW}, image.data()};
  ir::MutableTensorView o{ir::DataType::kF32, {1, 2}, out};
  EXPECT_TRUE(session.Run({&in, 1}, {&o, 1}).ok());
  return out[1] > out[0] ? 1 : 0;
}

TEST(OcrInt8Test, Int8AgreesWithFp32OnGeneratedTextLines) {
  ASSERT_TRUE(std::ifstream(kModel).good()) << "missing " << kModel << ": run ./bazelw first (npm model)";
  auto lines = testing::TextLineGenerator::Create(testing::TextLineGenerator::DejaVuFontFiles());
  ASSERT_TRUE(lines.ok()) << lines.status();
  absl::StatusOr<ir::Graph> model = ir::LoadModelFile(kModel);
  ASSERT_TRUE(model.ok()) << model.status();
  const testing::TextLineGenerator& generator = **lines;
  quantization::PipelineOptions quantize;  // as the tools quantize, for this CPU
  quantize.input_shapes = {{"x", {1, 3, kH, kW}}};
  quantize.calibration =
      quantization::CalibrationImages{100, [&generator](int64_t i, float* chw) {
                                        generator.Render(kCalibrationSeeds + static_cast<uint32_t>(i), chw);
                                        return absl::OkStatus();
                                      }};
  quantize.calibration_batch_size = 1;
  quantize.tuning_images = 100;
  if (std::getenv("MINT8_OCR_SYMMETRIC") != nullptr) quantize.quantizer.asymmetric_activations = false;
  auto quantized = quantization::QuantizeModel(*model, quantize);
  ASSERT_TRUE(quantized.ok()) << quantized.status();

  runtime::SessionOptions options;
  options.num_threads = 1;
  options.input_shapes = quantize.input_shapes;
  auto fp32_session = runtime::Session::Create(*model, options);
  ASSERT_TRUE(fp32_session.ok()) << fp32_session.status();
  auto int8_session = runtime::Session::Create(quantized->int8, options);
  ASSERT_TRUE(int8_session.ok()) << int8_session.status();
  // Most layers compute on INT8 data, every convolution on oneDNN (a step
  // that fell back to the reference kernel records why).
  const runtime::ExecutionPlan& plan = (*int8_session)->plan();
  int int8_steps = 0;
  for (const runtime::PlanStep& step : plan.steps) {
    if (step.kernel->op_type() == "Conv") {
      EXPECT_EQ(step.note, "") << step.node;
    }
    if (!step.node.empty() && !step.inputs.empty())
      int8_steps += ir::IsInt8(plan.values[step.inputs[0]].dtype);
  }
  EXPECT_GT(int8_steps, 40);

  const char* lines_env = std::getenv("MINT8_OCR_LINES");
  const int kImages = lines_env != nullptr ? std::max(100, std::atoi(lines_env)) : 1000;
  int agree = 0, fp32_correct = 0, int8_correct = 0;
  std::vector<float> image(3 * kH * kW);
  for (int i = 0; i < kImages; ++i) {
    generator.Render(static_cast<uint32_t>(i), image.data());
    const int fp32 = Direction(**fp32_session, image);
    const int int8 = Direction(**int8_session, image);
    agree += fp32 == int8;
    fp32_correct += fp32 == i % 2;
    int8_correct += int8 == i % 2;
  }
  std::printf(
      "FP32 reads the direction of %d/%d generated lines, INT8 %d/%d; INT8 agrees with FP32 on %d/%d "
      "(%.1f%%)\n",
      fp32_correct, kImages, int8_correct, kImages, agree, kImages, 100.0 * agree / kImages);
  // Measured on 1000 lines: 999 agree with VNNI, 997 on oneDNN's AVX2 path
  // (7-bit activations); with symmetric s8 grids for the HardSwish outputs
  // 991 with VNNI, which this bound rejects, and 994 on the AVX2 path (on
  // 10000 lines: 99.69% and 99.28% agree, symmetric 99.14% and 99.21%).
  EXPECT_GE(agree, kImages * 993 / 1000);
  // The lines are real enough text for the model to read.
  EXPECT_GT(fp32_correct, kImages * 9 / 10);
}

}  // namespace
}  // namespace mint8
