// ONNX export: a mint8 graph (FP32, or INT8 as the quantizer writes it) as a
// standard ONNX model (opset 13, 14 for HardSwish) that other runtimes accept.
//
// INT8 graphs are written in QDQ form: every INT8 tensor T becomes the FP32
// value its producer computes (named T), a QuantizeLinear with T's scale and
// zero point, and a DequantizeLinear that its consumers read; s8 weights and
// s32 biases become integer initializers read through DequantizeLinear (per
// output channel). Fused post-ops are written out as the ONNX operators they
// stand for (Relu, Clip, Add for the residual sum, ...). 7-bit ranges get a
// Clip before their QuantizeLinear. Importing the file and converting it as a
// QAT model (quantization/quantizer.h: PrepareQatModel) gives back the same
// INT8 model.
//
// OnnxExportLayout::kOrtFusable changes two things so that ONNX Runtime fuses
// every quantized convolution (else it runs them in FP32): s8 activations are
// written as u8 with the zero point moved up by 128 (the same values), and a
// convolution with a fused residual sum gets a QuantizeLinear/
// DequantizeLinear pair on its own result before the Add (mint8 itself adds
// in the accumulator, so this rounds once more).
//
//   MINT8_RETURN_IF_ERROR(ir::ExportOnnxFile(int8_graph, "model_qdq.onnx"));
#ifndef MINT8_IR_ONNX_EXPORTER_H_
#define MINT8_IR_ONNX_EXPORTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "onnx/onnx_pb.h"

namespace mint8::ir {

inline constexpr int kMinExportOnnxOpset = 13;

// The opset `graph` is exported at: 13, or the newest its operators need
// (HardSwish: 14).
int ExportOnnxOpset(const Graph& graph);

enum class OnnxExportLayout {
  kExact,       // re-imports to the same INT8 model, bit for bit
  kOrtFusable,  // what ONNX Runtime fuses into QLinearConv/QLinearAdd
};

// "ort" or "exact" (the tools' --onnx_layout).
absl::StatusOr<OnnxExportLayout> ParseOnnxExportLayout(const std::string& name);

struct OnnxExportOptions {
  OnnxExportLayout layout = OnnxExportLayout::kExact;
};

absl::StatusOr<::onnx::ModelProto> ExportOnnxModel(const Graph& graph, const OnnxExportOptions& options = {});

// Exports, checks the result with libonnx's checker, and writes it
// atomically.
absl::Status ExportOnnxFile(const Graph& graph, const std::string& path,
                            const OnnxExportOptions& options = {});

}  // namespace mint8::ir

#endif  // MINT8_IR_ONNX_EXPORTER_H_
