// Fuzz target: bytes as a binary .mint8 file whose container is repaired
// before loading: the description and weights the header points at (clamped
// to the input) get a fresh header and checksum, so mutations of the model
// description and of the weights reach the parser and the verifier.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "ir/serialization.h"
#include "ir/serialization_fuzzing.h"

namespace {

constexpr size_t kHeaderSize = 64;

uint64_t Field(const uint8_t* data, size_t offset) {
  uint64_t v;
  std::memcpy(&v, data + offset, sizeof(v));
  return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < kHeaderSize) return 0;
  const absl::string_view body(reinterpret_cast<const char*>(data) + kHeaderSize, size - kHeaderSize);
  // Header layout (ir/serialization.cc): proto_size at 16, data_offset at 24.
  const size_t proto_size = std::min<uint64_t>(Field(data, 16), body.size());
  const size_t data_offset = std::min<uint64_t>(std::max<uint64_t>(Field(data, 24), kHeaderSize), size);
  const absl::string_view weights = body.substr(data_offset - kHeaderSize);
  auto bytes =
      std::make_shared<const std::string>(mint8::ir::EncodeContainer(body.substr(0, proto_size), weights));
  mint8::ir::CheckParsedModel(bytes);
  return 0;
}
