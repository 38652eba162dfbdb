// Helpers shared by mint8's command-line tools: the error convention (one
// line naming the flag or file, exit code 2, no partial output), paths
// relative to where the user ran `bazel run`, and model specs ("zoo:NAME" or
// a file).
#ifndef MINT8_TOOLS_COMMON_CLI_H_
#define MINT8_TOOLS_COMMON_CLI_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"
#include "ir/shape.h"

namespace mint8::tools {

// Parses gflags (`--name=value` and `--name value`), failing (exit 2) on
// unknown flags, malformed values or stray arguments; --help prints HelpText.
void ParseFlags(int* argc, char*** argv, const char* usage);
// `usage`, then the flags defined by the tools (not gflags' or the
// libraries'), then a pointer to --helpfull.
std::string HelpText(const char* usage);

// --threads: 0 (every core) or 1 to 4 per core; exits 2 naming the flag
// otherwise. Returns the value.
int CheckThreadsFlag(int threads);

// True when flag `name` was set on the command line.
bool FlagGiven(const char* name);
// --memory_budget_mb, in bytes (0: the runtime's default, 3/4 of physical
// memory), for runtime::SessionOptions::memory_budget_bytes.
int64_t MemoryBudgetBytes();

// Prints "error: <message>" to stderr and exits with status 2.
[[noreturn]] void Fail(absl::string_view message);
// Fails with `status`'s message unless it is OK.
void FailIfError(const absl::Status& status, absl::string_view context = "");

template <typename T>
T ValueOrFail(absl::StatusOr<T> value, absl::string_view context = "") {
  FailIfError(value.status(), context);
  return *std::move(value);
}

// `path` resolved against BUILD_WORKING_DIRECTORY (set by `bazel run`) when
// relative.
std::string ResolvePath(const std::string& path);

// A model by spec: "zoo:NAME" builds a zoo model; anything else is a file
// (ONNX, .mint8). `spec` is resolved with ResolvePath.
absl::StatusOr<ir::Graph> LoadModelSpec(const std::string& spec);
// The specs "zoo:all" stands for; other specs are returned as given, split
// at commas.
std::vector<std::string> ExpandModelSpecs(const std::string& specs);
// A short display name: "resnet50" for zoo:resnet50, the file's base name.
std::string ModelDisplayName(const std::string& spec);

// "1x3x224x224" -> {1, 3, 224, 224}.
absl::StatusOr<ir::Dims> ParseDims(absl::string_view text);
// "input:1x3x48x192,other:1x10" or just "1x3x48x192" (for the model's first
// input, whose name is given as `first_input`).
absl::StatusOr<std::map<std::string, ir::Dims>> ParseInputShapes(absl::string_view text,
                                                                 const std::string& first_input);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_CLI_H_
