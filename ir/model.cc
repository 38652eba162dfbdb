#include "ir/model.h"

#include <fstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ir/file_io.h"
#include "ir/onnx/importer.h"
#include "ir/paddle/importer.h"
#include "ir/serialization.h"
#include "ir/status_macros.h"

namespace mint8::ir {
namespace {

bool IsTextPath(const std::string& path) {
  return absl::EndsWith(path, ".txt") || absl::EndsWith(path, ".pbtxt");
}

}  // namespace

absl::StatusOr<Graph> LoadModelFile(const std::string& path) {
  if (paddle::IsPaddleModelPath(path)) return paddle::ImportPaddleModel(path);
  if (IsDirectory(path)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path,
                     "' is a directory with no model in it (a Paddle model directory holds "
                     "inference.pdmodel, model.pdmodel or __model__)"));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(absl::StrCat("cannot open model '", path, "'"));
  }
  char head[16] = {};
  in.read(head, sizeof(head));
  const absl::string_view start(head, static_cast<size_t>(in.gcount()));
  if (LooksLikeMint8File(start)) return LoadModel(path);
  if (IsTextPath(path)) {
    MINT8_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
    auto graph = FromText(text);
    if (!graph.ok()) {
      return absl::Status(graph.status().code(), absl::StrCat("'", path, "': ", graph.status().message()));
    }
    return graph;
  }
  if (start.empty()) return absl::DataLossError(absl::StrCat("model '", path, "' is empty"));
  return ImportOnnxFile(path);
}

absl::Status SaveModelFile(const Graph& graph, const std::string& path) {
  return IsTextPath(path) ? SaveTextModel(graph, path) : SaveModel(graph, path);
}

}  // namespace mint8::ir
