// Fuzz target: bytes as a binary .mint8 file, header fields included. Most
// mutations stop at the checksum; mint8_model_fuzzer reaches past it.
#include <cstdint>
#include <memory>
#include <string>

#include "ir/serialization_fuzzing.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto bytes = std::make_shared<const std::string>(reinterpret_cast<const char*>(data), size);
  mint8::ir::CheckParsedModel(bytes);
  return 0;
}
