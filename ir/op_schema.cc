#include "ir/op_schema.h"

#include "absl/strings/str_cat.h"

namespace mint8::ir {

const OpSchema* FindOpSchema(absl::string_view op_type) {
  auto it = OpRegistry().find(op_type);
  return it == OpRegistry().end() ? nullptr : &it->second;
}

const OpTraits& TraitsOf(absl::string_view op_type) {
  static const OpTraits kUnknown;
  const OpSchema* schema = FindOpSchema(op_type);
  return schema != nullptr ? schema->traits : kUnknown;
}

std::vector<std::string> SupportedOps() {
  std::vector<std::string> names;
  for (const auto& [name, schema] : OpRegistry()) names.push_back(name);
  return names;
}

absl::Status CheckNodeAgainstSchema(const Node& node) {
  const OpSchema* schema = FindOpSchema(node.op_type);
  auto error = [&](const std::string& message) {
    return absl::InvalidArgumentError(absl::StrCat(node.op_type, " node '", node.name, "': ", message));
  };
  if (schema == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat("node '", node.name, "': operator '", node.op_type, "' is not supported"));
  }
  const int n_in = static_cast<int>(node.inputs.size());
  int n_out = 0;
  for (const std::string& o : node.outputs) n_out += o.empty() ? 0 : 1;
  if (n_in < schema->min_inputs || n_in > schema->max_inputs) {
    return error(
        absl::StrCat("has ", n_in, " inputs; expected ", schema->min_inputs, " to ", schema->max_inputs));
  }
  for (int i = 0; i < schema->min_inputs; ++i) {
    if (!node.has_input(i)) return error(absl::StrCat("required input ", i, " is missing"));
  }
  if (node.outputs.empty() || node.outputs[0].empty() ||
      static_cast<int>(node.outputs.size()) > schema->max_outputs || n_out < 1) {
    return error(absl::StrCat("has ", node.outputs.size(), " outputs; expected 1 to ", schema->max_outputs));
  }
  for (const auto& [name, value] : node.attributes.all()) {
    const AttributeSpec* spec = schema->FindAttribute(name);
    if (spec == nullptr) return error(absl::StrCat("unsupported attribute '", name, "'"));
    if (spec->kind != KindOf(value)) {
      return error(absl::StrCat("attribute '", name, "' is ", AttributeKindName(KindOf(value)), "; expected ",
                                AttributeKindName(spec->kind)));
    }
  }
  return absl::OkStatus();
}

}  // namespace mint8::ir
