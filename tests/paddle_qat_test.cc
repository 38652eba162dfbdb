// A Paddle QAT program (written with ProgramBuilder, every fake-quant form)
// goes through the same QAT conversion as an ONNX QDQ model: its scales are
// harvested (the input's step is Paddle's abs-max / 127), no calibration is
// needed, and the INT8 model computes what the fake-quantized program does.
#include <cmath>
#include <cstdlib>

#include "gtest/gtest.h"
#include "ir/paddle/importer.h"
#include "ir/paddle/program_builder.h"
#include "quantization/pipeline.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::testing {
namespace {

using ir::paddle::ProgramBuilder;

std::vector<float> Wave(size_t n, float scale, float phase) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = scale * std::sin(0.37f * static_cast<float>(i) + phase);
  return v;
}

// x -> fake-quant -> conv 3x3 (weights fake-quantized per channel) -> relu
// -> fake-quant -> conv 1x1 -> output.
ProgramBuilder TwoConvQatProgram(const std::string& activation_op, const std::string& weight_op) {
  ProgramBuilder b;
  b.Feed("x", {-1, 4, 8, 8});
  b.Parameter("w1", {8, 4, 3, 3}, Wave(8 * 4 * 9, 0.3f, 0.f));
  b.Parameter("w2", {4, 8, 1, 1}, Wave(4 * 8, 0.5f, 1.f));
  b.Parameter("s_x", {1}, {2.f});
  b.Parameter("s_r", {1}, {1.25f});
  auto quantize = [&](const std::string& in, const std::string& scale, const std::string& out) {
    if (activation_op == "quantize_linear") {
      b.Op("quantize_linear", {{"X", {in}}, {"Scale", {scale}}}, {{"Y", {out + "_q"}}}).Int("quant_axis", -1);
      b.Op("dequantize_linear", {{"X", {out + "_q"}}, {"Scale", {scale}}}, {{"Y", {out}}})
          .Int("quant_axis", -1);
    } else {
      b.Op(activation_op, {{"X", {in}}, {"InScale", {scale}}}, {{"Out", {out}}, {"OutScale", {scale}}})
          .Int("bit_length", 8);
    }
  };
  auto conv = [&](const std::string& in, const std::string& w, int pad, const std::string& out) {
    b.Op(weight_op, {{"X", {w}}}, {{"Out", {w + "_fq"}}, {"OutScale", {w + "_scale"}}})
        .Int("quant_axis", 0)
        .Int("bit_length", 8);
    b.Op("conv2d", {{"Input", {in}}, {"Filter", {w + "_fq"}}}, {{"Output", {out}}})
        .Ints("strides", {1, 1})
        .Ints("paddings", {pad, pad})
        .Ints("dilations", {1, 1})
        .Int("groups", 1);
  };
  quantize("x", "s_x", "xq");
  conv("xq", "w1", 1, "c1");
  b.Op("relu", {{"X", {"c1"}}}, {{"Out", {"r"}}});
  quantize("r", "s_r", "rq");
  conv("rq", "w2", 0, "y");
  b.Fetch("y");
  return b;
}

TEST(PaddleQatTest, FakeQuantProgramsConvertWithTheirOwnScales) {
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"fake_quantize_dequantize_moving_average_abs_max", "fake_channel_wise_quantize_dequantize_abs_max"},
      {"fake_quantize_dequantize_moving_average_abs_max", "fake_quantize_dequantize_abs_max"},
      {"quantize_linear", "fake_channel_wise_quantize_dequantize_abs_max"},
  };
  int n = 0;
  for (const auto& [activation_op, weight_op] : forms) {
    SCOPED_TRACE(activation_op + " + " + weight_op);
    const std::string prefix = std::string(std::getenv("TEST_TMPDIR")) + "/qat" + std::to_string(n++);
    ASSERT_TRUE(TwoConvQatProgram(activation_op, weight_op).WriteCombined(prefix).ok());
    absl::StatusOr<ir::Graph> qdq = ir::paddle::ImportPaddleModel(prefix + ".pdmodel");
    ASSERT_TRUE(qdq.ok()) << qdq.status();

    quantization::PipelineOptions options;
    options.mode = quantization::PipelineMode::kQat;
    // 8-bit activations keep the trained step; the reference backend runs
    // the VNNI numerics exactly on every CPU.
    options.quantizer.target = quantization::Int8Target::kVnni;
    options.input_shapes["x"] = {1, 4, 8, 8};
    absl::StatusOr<quantization::PipelineResult> result = quantization::QuantizeModel(*qdq, options);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_TRUE(result->qat);
    EXPECT_GE(result->harvested_scales, 2);
    bool found_input_step = false;
    for (const auto& [name, t] : result->int8.tensors()) {
      if (t.quantization && t.quantization->scales.size() == 1 &&
          std::fabs(t.quantization->scales[0] - 2.f / 127.f) < 1e-9f) {
        found_input_step = true;
      }
    }
    EXPECT_TRUE(found_input_step) << "no tensor carries the input's step 2/127";

    // The INT8 model computes what the fake-quantized program computes.
    runtime::SessionOptions session_options;
    session_options.input_shapes["x"] = {1, 4, 8, 8};
    session_options.backend = runtime::Backend::kReference;
    auto fp32 = runtime::Session::Create(*qdq, session_options);
    auto int8 = runtime::Session::Create(result->int8, session_options);
    ASSERT_TRUE(fp32.ok() && int8.ok());
    const std::vector<std::vector<float>> inputs = {Wave(4 * 64, 1.8f, 0.3f)};
    auto want = RunSession(**fp32, inputs);
    auto got = RunSession(**int8, inputs);
    ASSERT_TRUE(want.ok() && got.ok());
    float largest = 0, worst = 0;
    for (size_t i = 0; i < (*want)[0].size(); ++i) {
      largest = std::max(largest, std::fabs((*want)[0][i]));
      worst = std::max(worst, std::fabs((*want)[0][i] - (*got)[0][i]));
    }
    EXPECT_LT(worst, 0.02f * largest) << "largest output " << largest;
  }
}

}  // namespace
}  // namespace mint8::testing
