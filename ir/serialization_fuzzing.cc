#include "ir/serialization_fuzzing.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "google/protobuf/stubs/logging.h"
#include "ir/serialization.h"

namespace mint8::ir {

void CheckParsedModel(const std::shared_ptr<const std::string>& bytes) {
  // Mutated strings are often not UTF-8; protobuf would log each one.
  google::protobuf::LogSilencer quiet;
  absl::StatusOr<Graph> graph =
      ParseModel(reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size(), bytes, "fuzz input");
  if (!graph.ok()) return;
  const std::string text = ToText(*graph);
  absl::StatusOr<Graph> reparsed = FromText(text);
  if (!reparsed.ok() || ToText(*reparsed) != text) {
    std::fprintf(stderr, "a loaded model does not round-trip through the text form: %s\n",
                 reparsed.ok() ? "the texts differ" : reparsed.status().ToString().c_str());
    std::abort();
  }
}

}  // namespace mint8::ir
