// export: writes a mint8 model (an INT8 .mint8 from //tools:quantize, or any
// model mint8 loads) as a standard ONNX file; INT8 models in QDQ form, which
// ONNX Runtime, TensorRT and OpenVINO read, and which //tools:quantize
// converts back to the same INT8 model. --optimized writes an FP32 model as
// mint8 runs it (shapes bound, BatchNorm and affine ops folded into the
// convolutions, constants folded), so other runtimes can be timed on the
// same graph.
#include <cstdio>
#include <string>

#include "absl/strings/match.h"
#include "gflags/gflags.h"
#include "ir/graph.h"
#include "ir/onnx/exporter.h"
#include "runtime/graph_optimizer.h"
#include "runtime/specialization.h"
#include "tools/common/cli.h"

DEFINE_string(model, "", "The model: a .mint8 file (e.g. from //tools:quantize), ONNX, or zoo:NAME");
DEFINE_string(onnx_layout, "ort",
              "For an .onnx output: ort (every quantized convolution in the QDQ pattern ONNX Runtime fuses; "
              "a residual convolution's result is rounded once more before its Add) or exact (re-imports to "
              "the same INT8 model bit for bit)");
DEFINE_string(output, "", "The ONNX file to write (.onnx)");
DEFINE_bool(optimized, false,
            "FP32 models: write the graph after mint8's FP32 passes (BatchNorm folded, ...), batch 1 "
            "unless --batch_size");
DEFINE_int32(batch_size, 0, "With --optimized: the batch size to bind (0: the model's, symbolic -> 1)");
DEFINE_string(input_shape, "",
              "Bind the input to this shape (1x3x48x192) before writing: for dynamic models, and for Paddle "
              "programs, whose declared input dims are only hints");

namespace mint8::tools {
namespace {

int Main() {
  if (FLAGS_model.empty()) Fail("--model is required (see --help)");
  if (!absl::EndsWith(FLAGS_output, ".onnx")) Fail("--output must name a .onnx file");
  ValueOrFail(ir::ParseOnnxExportLayout(FLAGS_onnx_layout), "--onnx_layout");
  ir::Graph model = ValueOrFail(LoadModelSpec(FLAGS_model), FLAGS_model);
  runtime::InputShapes shapes;
  if (!FLAGS_input_shape.empty()) {
    if (model.inputs().empty()) Fail("--input_shape: the model has no inputs");
    shapes = ValueOrFail(ParseInputShapes(FLAGS_input_shape, model.inputs()[0]), "--input_shape");
    if (!FLAGS_optimized) FailIfError(runtime::SpecializeGraph(model, shapes, 0), "--input_shape");
  }
  if (FLAGS_optimized) {
    bool quantized = false;
    for (const auto& [name, t] : model.tensors()) quantized = quantized || t.quantization.has_value();
    for (const auto& node : model.nodes()) {
      quantized = quantized || node->op_type == "QuantizeLinear" || node->op_type == "DequantizeLinear";
    }
    if (quantized) Fail("--optimized applies to FP32 models; this one is quantized (QDQ or INT8)");
    FailIfError(runtime::SpecializeGraph(model, shapes, FLAGS_batch_size), "binding the input shapes");
    FailIfError(runtime::OptimizeForInference(model), "mint8's FP32 passes");
  }
  const std::string output = ResolvePath(FLAGS_output);
  const ir::OnnxExportOptions options{
      ValueOrFail(ir::ParseOnnxExportLayout(FLAGS_onnx_layout), "--onnx_layout")};
  FailIfError(ir::ExportOnnxFile(model, output, options), "--output");
  std::printf("wrote %s (ONNX opset %d, passes the ONNX checker)\n", output.c_str(),
              ir::ExportOnnxOpset(model));
  auto hints = model.metadata().find(ir::kInputDimsAreHints);
  if (FLAGS_input_shape.empty() && hints != model.metadata().end() && hints->second == "1") {
    std::printf(
        "note: the input keeps the dims the Paddle program declares (%s); they are only hints to "
        "Paddle: give --input_shape to write another size\n",
        runtime::DescribeInputs(model).c_str());
  }
  return 0;
}

}  // namespace
}  // namespace mint8::tools

int main(int argc, char** argv) {
  mint8::tools::ParseFlags(
      &argc, &argv,
      "Writes a mint8 model as ONNX (QDQ form when INT8).\n"
      "  export --model=M_int8.mint8 --output=M_int8.onnx\n"
      "  export --model=paddle_model_dir/ --output=model.onnx [--input_shape=1x3x48x192]");
  return mint8::tools::Main();
}
