// Loading and saving models in every format mint8 reads: ONNX files, binary
// .mint8 files and the .mint8 text form (detected from the content), and
// PaddlePaddle inference programs (a .pdmodel or __model__ file, or the
// directory holding one; see ir/paddle/importer.h).
//
//   absl::StatusOr<ir::Graph> graph = ir::LoadModelFile("resnet50.onnx");
//   absl::Status s = ir::SaveModelFile(*graph, "resnet50.mint8");
#ifndef MINT8_IR_MODEL_H_
#define MINT8_IR_MODEL_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ir/graph.h"

namespace mint8::ir {

absl::StatusOr<Graph> LoadModelFile(const std::string& path);

// Binary .mint8, or the text form when `path` ends in ".txt" or ".pbtxt".
// Written atomically.
absl::Status SaveModelFile(const Graph& graph, const std::string& path);

}  // namespace mint8::ir

#endif  // MINT8_IR_MODEL_H_
