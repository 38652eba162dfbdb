#include "tools/common/json_value.h"

#include <cctype>
#include <cstdlib>

#include "absl/strings/str_cat.h"

namespace mint8::tools {
namespace {

class Parser {
 public:
  explicit Parser(absl::string_view text) : text_(text) {}

  absl::StatusOr<JsonValue> ParseDocument() {
    JsonValue v;
    if (!Value(v)) return Error();
    Skip();
    if (pos_ != text_.size()) return Error();
    return v;
  }

 private:
  absl::Status Error() const {
    return absl::InvalidArgumentError(absl::StrCat("invalid JSON at offset ", pos_));
  }
  void Skip() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool Consume(char c) {
    Skip();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Literal(absl::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool String(std::string& out) {
    if (!Consume('"')) return false;
    while (pos_ < text_.size() && text_[pos_] != '"') {
      char c = text_[pos_++];
      if (c == '\\') {
        if (pos_ >= text_.size()) return false;
        const char e = text_[pos_++];
        switch (e) {
          case 'n': c = '\n'; break;
          case 't': c = '\t'; break;
          case 'u': {
            if (pos_ + 4 > text_.size()) return false;
            c = static_cast<char>(std::strtol(std::string(text_.substr(pos_, 4)).c_str(), nullptr, 16));
            pos_ += 4;
            break;
          }
          default: c = e;
        }
      }
      out += c;
    }
    return pos_++ < text_.size();
  }
  bool Value(JsonValue& v) {
    Skip();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    if (c == '{') {
      ++pos_;
      v.type = JsonValue::Type::kObject;
      if (Consume('}')) return true;
      do {
        std::string key;
        if (!String(key) || !Consume(':') || !Value(v.object[key])) return false;
      } while (Consume(','));
      return Consume('}');
    }
    if (c == '[') {
      ++pos_;
      v.type = JsonValue::Type::kArray;
      if (Consume(']')) return true;
      do {
        v.array.emplace_back();
        if (!Value(v.array.back())) return false;
      } while (Consume(','));
      return Consume(']');
    }
    if (c == '"') {
      v.type = JsonValue::Type::kString;
      return String(v.string);
    }
    if (Literal("true") || Literal("false")) {
      v.type = JsonValue::Type::kBool;
      v.boolean = text_[pos_ - 1] == 'e' && text_[pos_ - 2] == 'u';
      return true;
    }
    if (Literal("null")) return true;
    const std::string rest(text_.substr(pos_, 64));
    char* end = nullptr;
    v.number = std::strtod(rest.c_str(), &end);
    if (end == rest.c_str()) return false;
    v.type = JsonValue::Type::kNumber;
    pos_ += end - rest.c_str();
    return true;
  }

  absl::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

const JsonValue* JsonValue::Find(absl::string_view key) const {
  auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &it->second;
}

absl::StatusOr<JsonValue> ParseJson(absl::string_view text) { return Parser(text).ParseDocument(); }

}  // namespace mint8::tools
