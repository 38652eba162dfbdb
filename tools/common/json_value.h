// JsonValue / ParseJson: a small JSON reader for the tools' own result files
// (evaluate's shards are merged by reading them back).
#ifndef MINT8_TOOLS_COMMON_JSON_VALUE_H_
#define MINT8_TOOLS_COMMON_JSON_VALUE_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace mint8::tools {

struct JsonValue {
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject } type = Type::kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<JsonValue> array;
  std::map<std::string, JsonValue> object;

  // Member `key` of an object, or null when absent.
  const JsonValue* Find(absl::string_view key) const;
};

absl::StatusOr<JsonValue> ParseJson(absl::string_view text);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_COMMON_JSON_VALUE_H_
