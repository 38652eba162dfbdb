#include "ir/paddle/op_translation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/buffer.h"

namespace mint8::ir::paddle {
namespace {

const proto::OpDesc::Var* FindVar(const google::protobuf::RepeatedPtrField<proto::OpDesc::Var>& vars,
                                  absl::string_view param) {
  for (const proto::OpDesc::Var& v : vars) {
    if (v.parameter() == param) return &v;
  }
  return nullptr;
}

std::vector<std::string> Arguments(const google::protobuf::RepeatedPtrField<proto::OpDesc::Var>& vars,
                                   absl::string_view param) {
  const proto::OpDesc::Var* v = FindVar(vars, param);
  if (v == nullptr) return {};
  return std::vector<std::string>(v->arguments().begin(), v->arguments().end());
}

const TranslatorTable& Table() {
  static const TranslatorTable* table = [] {
    auto* t = new TranslatorTable;
    AddFloatTranslators(*t);
    AddFakeQuantTranslators(*t);
    return t;
  }();
  return *table;
}

}  // namespace

TranslationContext::TranslationContext(const proto::OpDesc& op, int index,
                                       const std::map<std::string, const proto::VarDesc*>& declared,
                                       Graph& graph)
    : op_(op), index_(index), declared_(declared), graph_(graph) {}

absl::StatusOr<std::string> TranslationContext::Input(absl::string_view param) const {
  const std::vector<std::string> args = Inputs(param);
  if (args.size() != 1) {
    return Error(absl::StrCat("input '", param, "' must name one variable, not ", args.size()));
  }
  return args[0];
}

absl::StatusOr<std::string> TranslationContext::Output(absl::string_view param) const {
  const std::vector<std::string> args = Outputs(param);
  if (args.size() != 1) {
    return Error(absl::StrCat("output '", param, "' must name one variable, not ", args.size()));
  }
  return args[0];
}

std::optional<std::string> TranslationContext::OptionalInput(absl::string_view param) const {
  std::vector<std::string> args = Inputs(param);
  if (args.size() != 1) return std::nullopt;
  return args[0];
}

std::vector<std::string> TranslationContext::Inputs(absl::string_view param) const {
  return Arguments(op_.inputs(), param);
}

std::vector<std::string> TranslationContext::Outputs(absl::string_view param) const {
  return Arguments(op_.outputs(), param);
}

const proto::OpDesc::Attr* TranslationContext::FindAttr(absl::string_view name) const {
  for (const proto::OpDesc::Attr& a : op_.attrs()) {
    if (a.name() == name) return &a;
  }
  return nullptr;
}

int64_t TranslationContext::Int(absl::string_view name, int64_t default_value) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (a == nullptr) return default_value;
  if (a->type() == proto::LONG) return a->l();
  if (a->type() == proto::BOOLEAN) return a->b() ? 1 : 0;
  return a->i();
}

float TranslationContext::Float(absl::string_view name, float default_value) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (a == nullptr) return default_value;
  if (a->type() == proto::INT) return static_cast<float>(a->i());
  if (a->type() == proto::LONG) return static_cast<float>(a->l());
  return a->f();
}

bool TranslationContext::Bool(absl::string_view name, bool default_value) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (a == nullptr) return default_value;
  if (a->type() == proto::INT) return a->i() != 0;
  return a->b();
}

std::string TranslationContext::String(absl::string_view name, absl::string_view default_value) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  return a == nullptr ? std::string(default_value) : a->s();
}

std::vector<int64_t> TranslationContext::Ints(absl::string_view name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (a == nullptr) return {};
  if (a->type() == proto::LONGS) return std::vector<int64_t>(a->longs().begin(), a->longs().end());
  return std::vector<int64_t>(a->ints().begin(), a->ints().end());
}

std::vector<float> TranslationContext::Floats(absl::string_view name) const {
  const proto::OpDesc::Attr* a = FindAttr(name);
  if (a == nullptr) return {};
  return std::vector<float>(a->floats().begin(), a->floats().end());
}

std::optional<std::vector<int64_t>> TranslationContext::DeclaredDims(absl::string_view name) const {
  auto it = declared_.find(std::string(name));
  if (it == declared_.end() || !it->second->type().has_lod_tensor()) return std::nullopt;
  const auto& dims = it->second->type().lod_tensor().tensor().dims();
  return std::vector<int64_t>(dims.begin(), dims.end());
}

absl::StatusOr<int64_t> TranslationContext::Rank(absl::string_view name) const {
  if (const TensorInfo* t = graph_.FindTensor(name); t != nullptr && t->shape.rank_known()) {
    return t->shape.rank();
  }
  if (auto dims = DeclaredDims(name)) return static_cast<int64_t>(dims->size());
  return Error(absl::StrCat("the rank of '", name, "' is unknown (the program does not declare it)"));
}

absl::StatusOr<std::vector<float>> TranslationContext::ConstantFloats(absl::string_view name,
                                                                      absl::string_view what) const {
  const TensorInfo* t = Constant(name);
  if (t == nullptr || t->dtype != DataType::kF32) {
    return Error(absl::StrCat(what, " ('", name, "') must be a float parameter"));
  }
  auto s = t->data->span<float>();
  return std::vector<float>(s.begin(), s.end());
}

std::string TranslationContext::NameBase() const {
  for (const proto::OpDesc::Var& v : op_.outputs()) {
    if (v.arguments_size() > 0) return v.arguments(0);
  }
  return absl::StrCat(op_.type(), "_", index_);
}

std::string TranslationContext::Emit(absl::string_view op_type, std::vector<std::string> inputs,
                                     std::vector<std::string> outputs, Attributes attributes) {
  Node node;
  node.name = graph_.UniqueNodeName(NameBase());
  node.op_type = std::string(op_type);
  node.inputs = std::move(inputs);
  node.outputs = std::move(outputs);
  node.attributes = std::move(attributes);
  const std::string first = node.outputs.empty() ? "" : node.outputs[0];
  graph_.AddNode(std::move(node));
  return first;
}

std::string TranslationContext::EmitTemp(absl::string_view op_type, std::vector<std::string> inputs,
                                         Attributes attributes) {
  const std::string out = graph_.UniqueTensorName(absl::StrCat(NameBase(), "/", op_type));
  graph_.AddTensor(out, DataType::kUnknown, Shape());
  return Emit(op_type, std::move(inputs), {out}, std::move(attributes));
}

std::string TranslationContext::IntsConstant(absl::string_view what, const std::vector<int64_t>& values) {
  const std::string name = graph_.UniqueTensorName(absl::StrCat(NameBase(), "/", what));
  graph_.AddConstant(name, DataType::kS64, {static_cast<int64_t>(values.size())},
                     Buffer::Copy(values.data(), values.size() * sizeof(int64_t)));
  return name;
}

std::string TranslationContext::FloatsConstant(absl::string_view what, const std::vector<float>& values,
                                               std::vector<int64_t> dims) {
  const std::string name = graph_.UniqueTensorName(absl::StrCat(NameBase(), "/", what));
  graph_.AddConstant(name, DataType::kF32, dims, Buffer::Copy(values.data(), values.size() * sizeof(float)));
  return name;
}

std::string TranslationContext::ScalarConstant(absl::string_view what, float value) {
  return FloatsConstant(what, {value}, {});
}

std::string TranslationContext::ReshapedConstant(absl::string_view name, const std::vector<int64_t>& dims) {
  const TensorInfo* t = graph_.FindConstant(name);
  const std::string reshaped = graph_.UniqueTensorName(absl::StrCat(name, "/reshaped"));
  graph_.AddConstant(reshaped, t->dtype, dims, t->data);
  return reshaped;
}

absl::Status TranslationContext::Error(absl::string_view message) const {
  return absl::InvalidArgumentError(
      absl::StrCat("Paddle op ", index_, " (", op_.type(), " -> '", NameBase(), "'): ", message));
}

absl::Status TranslationContext::Unsupported(absl::string_view message) const {
  return absl::UnimplementedError(
      absl::StrCat("Paddle op ", index_, " (", op_.type(), " -> '", NameBase(), "'): ", message));
}

const Translator* FindTranslator(absl::string_view type) {
  auto it = Table().find(type);
  return it == Table().end() ? nullptr : &it->second;
}

std::vector<std::string> SupportedPaddleOps() {
  std::vector<std::string> ops;
  for (const auto& [type, translate] : Table()) ops.push_back(type);
  return ops;
}

}  // namespace mint8::ir::paddle
