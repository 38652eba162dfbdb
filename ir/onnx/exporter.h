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

absl::StatusOr<::onnx::ModelProto> ExportOnnxModel(const Graph& graph);

// Exports, checks the result with libonnx's checker, and writes it
// atomically.
absl::Status ExportOnnxFile(const Graph& graph, const std::string& path);

}  // namespace mint8::ir

#endif  // MINT8_IR_ONNX_EXPORTER_H_
