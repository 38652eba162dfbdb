// Attributes: the typed, named parameters of a node (strides, axis, ...).
//
// Values are one of int, float, string, ints, floats, strings. Getters return a
// default when the attribute is absent; the verifier checks types against each
// op's schema, so a getter finding the wrong type is a programmer error.
#ifndef MINT8_IR_ATTRIBUTES_H_
#define MINT8_IR_ATTRIBUTES_H_

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/string_view.h"

namespace mint8::ir {

using AttributeValue = std::variant<int64_t, float, std::string, std::vector<int64_t>,
                                    std::vector<float>, std::vector<std::string>>;

enum class AttributeKind { kInt, kFloat, kString, kInts, kFloats, kStrings };

AttributeKind KindOf(const AttributeValue& value);
absl::string_view AttributeKindName(AttributeKind kind);

class Attributes {
 public:
  bool Has(absl::string_view name) const { return values_.count(std::string(name)) > 0; }
  const AttributeValue* Find(absl::string_view name) const;
  void Set(absl::string_view name, AttributeValue value);
  void Erase(absl::string_view name) { values_.erase(std::string(name)); }

  int64_t GetInt(absl::string_view name, int64_t default_value) const;
  float GetFloat(absl::string_view name, float default_value) const;
  std::string GetString(absl::string_view name, absl::string_view default_value) const;
  std::vector<int64_t> GetInts(absl::string_view name,
                               std::vector<int64_t> default_value = {}) const;
  std::vector<float> GetFloats(absl::string_view name,
                               std::vector<float> default_value = {}) const;
  std::vector<std::string> GetStrings(absl::string_view name) const;

  const std::map<std::string, AttributeValue>& all() const { return values_; }
  bool operator==(const Attributes& other) const { return values_ == other.values_; }

 private:
  std::map<std::string, AttributeValue> values_;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_ATTRIBUTES_H_
