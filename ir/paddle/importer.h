// Imports PaddlePaddle inference programs into a mint8 graph: FP32 programs
// for PTQ, and QAT programs whose fake-quant ops become QuantizeLinear /
// DequantizeLinear pairs (harvested like an ONNX QDQ model's).
//
// Layouts read:
//  - model.pdmodel + model.pdiparams (every parameter, in sorted name order);
//  - a directory with __model__ and one file per parameter, or __model__ and
//    a combined __params__ or params file.
// `path` is the .pdmodel / __model__ file or the directory holding it.
//
//   absl::StatusOr<ir::Graph> g = ir::paddle::ImportPaddleModel("ocr_cls/");
//
// Declared input dims are Paddle's hints, not checks: the graph is marked
// with ir::kInputDimsAreHints, so a session given another input shape of the
// same rank uses it.
#ifndef MINT8_IR_PADDLE_IMPORTER_H_
#define MINT8_IR_PADDLE_IMPORTER_H_

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"

namespace mint8::ir::paddle {

// Whether `path` names a Paddle program or a directory holding one.
bool IsPaddleModelPath(const std::string& path);

absl::StatusOr<Graph> ImportPaddleModel(const std::string& path);

// Where the parameters come from, for ImportPaddleProgram.
struct PaddleParameters {
  // The combined file's bytes (records in sorted name order), or empty.
  absl::string_view combined;
  std::string combined_name;  // for errors
  // Otherwise, when set, the bytes of the file holding variable `name`'s
  // record (the legacy per-file layout).
  std::function<absl::StatusOr<std::string>(const std::string& name)> read_variable;
};

// The import from bytes already read (the fuzzer's entry).
absl::StatusOr<Graph> ImportPaddleProgram(absl::string_view program, const PaddleParameters& parameters);

}  // namespace mint8::ir::paddle

#endif  // MINT8_IR_PADDLE_IMPORTER_H_
