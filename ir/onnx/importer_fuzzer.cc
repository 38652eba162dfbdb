// Fuzz target: bytes as an ONNX model through the importer, as every tool
// reads a .onnx file. A graph the importer accepts must pass the verifier, and
// inspect's MAC count must not overflow (UBSan reports signed overflow).
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "google/protobuf/stubs/logging.h"
#include "ir/onnx/importer.h"
#include "ir/statistics.h"
#include "ir/verifier.h"
#include "onnx/onnx-ml.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > INT_MAX) return 0;
  google::protobuf::LogSilencer quiet;  // protobuf would log every invalid UTF-8 string
  onnx::ModelProto model;
  if (!model.ParseFromArray(data, static_cast<int>(size))) return 0;
  // External data is looked up in a directory that does not exist.
  absl::StatusOr<mint8::ir::Graph> graph = mint8::ir::ImportOnnxModel(model, "/nonexistent/mint8-fuzz");
  if (!graph.ok()) return 0;
  const absl::Status verified = mint8::ir::Verify(*graph);
  if (!verified.ok()) {
    std::fprintf(stderr, "the importer accepted a graph the verifier rejects: %s\n",
                 verified.ToString().c_str());
    std::abort();
  }
  mint8::ir::CountMacs(*graph);
  return 0;
}
