#include "ir/attributes.h"

#include <cstdlib>
#include <cstdio>


namespace mint8::ir {
namespace {

template <typename T>
const T& Get(const AttributeValue& value, absl::string_view name) {
  const T* typed = std::get_if<T>(&value);
  if (typed == nullptr) {
    // The verifier rejects mistyped attributes before any getter runs.
    std::fprintf(stderr, "mint8: attribute '%s' read with the wrong type\n",
                 std::string(name).c_str());
    std::abort();
  }
  return *typed;
}

}  // namespace

AttributeKind KindOf(const AttributeValue& value) {
  return static_cast<AttributeKind>(value.index());
}

absl::string_view AttributeKindName(AttributeKind kind) {
  switch (kind) {
    case AttributeKind::kInt: return "int";
    case AttributeKind::kFloat: return "float";
    case AttributeKind::kString: return "string";
    case AttributeKind::kInts: return "ints";
    case AttributeKind::kFloats: return "floats";
    case AttributeKind::kStrings: return "strings";
  }
  return "unknown";
}

const AttributeValue* Attributes::Find(absl::string_view name) const {
  auto it = values_.find(std::string(name));
  return it == values_.end() ? nullptr : &it->second;
}

void Attributes::Set(absl::string_view name, AttributeValue value) {
  values_[std::string(name)] = std::move(value);
}

int64_t Attributes::GetInt(absl::string_view name, int64_t default_value) const {
  const AttributeValue* v = Find(name);
  return v == nullptr ? default_value : Get<int64_t>(*v, name);
}

float Attributes::GetFloat(absl::string_view name, float default_value) const {
  const AttributeValue* v = Find(name);
  return v == nullptr ? default_value : Get<float>(*v, name);
}

std::string Attributes::GetString(absl::string_view name,
                                  absl::string_view default_value) const {
  const AttributeValue* v = Find(name);
  return v == nullptr ? std::string(default_value) : Get<std::string>(*v, name);
}

std::vector<int64_t> Attributes::GetInts(absl::string_view name,
                                         std::vector<int64_t> default_value) const {
  const AttributeValue* v = Find(name);
  return v == nullptr ? default_value : Get<std::vector<int64_t>>(*v, name);
}

std::vector<float> Attributes::GetFloats(absl::string_view name,
                                         std::vector<float> default_value) const {
  const AttributeValue* v = Find(name);
  return v == nullptr ? default_value : Get<std::vector<float>>(*v, name);
}

std::vector<std::string> Attributes::GetStrings(absl::string_view name) const {
  const AttributeValue* v = Find(name);
  return v == nullptr ? std::vector<std::string>() : Get<std::vector<std::string>>(*v, name);
}

}  // namespace mint8::ir
