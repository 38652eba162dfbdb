// Fuzz target: bytes as a Paddle program and its combined parameters through
// the importer, as every tool reads a .pdmodel + .pdiparams. The input is a
// little-endian u32 program size, the program, then the parameter records
// (PaddleFuzzInput). A graph the importer accepts must pass the verifier.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "google/protobuf/stubs/logging.h"
#include "ir/paddle/importer.h"
#include "ir/verifier.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  uint32_t program_size = 0;
  if (size < sizeof(program_size)) return 0;
  std::memcpy(&program_size, data, sizeof(program_size));
  const absl::string_view rest(reinterpret_cast<const char*>(data) + 4, size - 4);
  if (program_size > rest.size()) return 0;
  google::protobuf::LogSilencer quiet;  // protobuf would log every invalid UTF-8 string
  mint8::ir::paddle::PaddleParameters parameters;
  parameters.combined = rest.substr(program_size);
  parameters.combined_name = "fuzz.pdiparams";
  absl::StatusOr<mint8::ir::Graph> graph =
      mint8::ir::paddle::ImportPaddleProgram(rest.substr(0, program_size), parameters);
  if (!graph.ok()) return 0;
  const absl::Status verified = mint8::ir::Verify(*graph);
  if (!verified.ok()) {
    std::fprintf(stderr, "the importer accepted a graph the verifier rejects: %s\n",
                 verified.ToString().c_str());
    std::abort();
  }
  return 0;
}
