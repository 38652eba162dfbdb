// ONNX import: an ONNX model file (opsets 1 to 17 of the default domain) into
// a mint8 Graph in FP32.
//
// Initializers come from raw_data, the typed fields or external-data files
// next to the model; Constant nodes become constants; older operator forms
// are normalized to the ones op_schemas.cc documents. An operator, attribute
// or attribute value mint8 does not support is an error naming the node.
//
//   absl::StatusOr<ir::Graph> graph = ir::ImportOnnxFile("model.onnx");
#ifndef MINT8_IR_ONNX_IMPORTER_H_
#define MINT8_IR_ONNX_IMPORTER_H_

#include <string>

#include "absl/status/statusor.h"
#include "ir/graph.h"
#include "onnx/onnx_pb.h"

namespace mint8::ir {

inline constexpr int kMinOnnxOpset = 1;
inline constexpr int kMaxOnnxOpset = 17;

absl::StatusOr<Graph> ImportOnnxFile(const std::string& path);

// Imports an already parsed model (consumed: weights are moved out of it);
// external data is looked up relative to `model_dir`.
absl::StatusOr<Graph> ImportOnnxModel(::onnx::ModelProto& model, const std::string& model_dir);

}  // namespace mint8::ir

#endif  // MINT8_IR_ONNX_IMPORTER_H_
