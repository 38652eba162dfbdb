// Reading and writing .mint8 model files.
//
// Binary form (SaveModel/LoadModel): a 64-byte header ("MINT8IR" magic,
// format version, sizes, a checksum of everything after the header), the
// ir.proto Model message, then the weights, each 64-byte aligned. Loading maps
// the file and the graph's weights point into the mapping: no weight is
// copied. A truncated or corrupted file is a clear error.
//
// Text form (ToText/FromText, SaveTextModel): the Model message in protobuf
// text format with weights inline, for humans and golden files.
#ifndef MINT8_IR_SERIALIZATION_H_
#define MINT8_IR_SERIALIZATION_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"

namespace mint8::ir {

inline constexpr int kFormatVersion = 1;

// Writes `graph` atomically to `path` in the binary form.
absl::Status SaveModel(const Graph& graph, const std::string& path);
// Reads and verifies a binary .mint8 file.
absl::StatusOr<Graph> LoadModel(const std::string& path);
// The same for `size` bytes at `data` (a .mint8 file's contents) kept alive by
// `owner`: the graph's weights point into them. `name` is for messages.
absl::StatusOr<Graph> ParseModel(const uint8_t* data, size_t size, std::shared_ptr<const void> owner,
                                 const std::string& name);
// The binary container around a serialized ir.proto Model and its weight
// bytes (header, padding, checksum): what SaveModel writes. For tests and the
// fuzzer, which build containers around descriptions of their own.
std::string EncodeContainer(absl::string_view description, absl::string_view weights);
// True when `bytes` starts like a binary .mint8 file.
bool LooksLikeMint8File(absl::string_view bytes);

std::string ToText(const Graph& graph);
absl::StatusOr<Graph> FromText(absl::string_view text);
absl::Status SaveTextModel(const Graph& graph, const std::string& path);

}  // namespace mint8::ir

#endif  // MINT8_IR_SERIALIZATION_H_
