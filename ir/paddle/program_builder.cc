#include "ir/paddle/program_builder.h"

#include "ir/file_io.h"
#include "ir/status_macros.h"

namespace mint8::ir::paddle {

proto::OpDesc::Attr* ProgramBuilder::OpRef::Add(const std::string& name, proto::AttrType type) {
  proto::OpDesc::Attr* a = op_->add_attrs();
  a->set_name(name);
  a->set_type(type);
  return a;
}

ProgramBuilder::OpRef& ProgramBuilder::OpRef::Int(const std::string& name, int32_t value) {
  Add(name, proto::INT)->set_i(value);
  return *this;
}

ProgramBuilder::OpRef& ProgramBuilder::OpRef::Long(const std::string& name, int64_t value) {
  Add(name, proto::LONG)->set_l(value);
  return *this;
}

ProgramBuilder::OpRef& ProgramBuilder::OpRef::Float(const std::string& name, float value) {
  Add(name, proto::FLOAT)->set_f(value);
  return *this;
}

ProgramBuilder::OpRef& ProgramBuilder::OpRef::Bool(const std::string& name, bool value) {
  Add(name, proto::BOOLEAN)->set_b(value);
  return *this;
}

ProgramBuilder::OpRef& ProgramBuilder::OpRef::String(const std::string& name, const std::string& value) {
  Add(name, proto::STRING)->set_s(value);
  return *this;
}

ProgramBuilder::OpRef& ProgramBuilder::OpRef::Ints(const std::string& name,
                                                   const std::vector<int32_t>& values) {
  proto::OpDesc::Attr* a = Add(name, proto::INTS);
  for (int32_t v : values) a->add_ints(v);
  return *this;
}

ProgramBuilder::OpRef& ProgramBuilder::OpRef::Floats(const std::string& name,
                                                     const std::vector<float>& values) {
  proto::OpDesc::Attr* a = Add(name, proto::FLOATS);
  for (float v : values) a->add_floats(v);
  return *this;
}

ProgramBuilder::ProgramBuilder() {
  proto::BlockDesc* b = program_.add_blocks();
  b->set_idx(0);
  b->set_parent_idx(-1);
  program_.mutable_version()->set_version(0);
  for (auto [name, type] :
       {std::pair{"feed", proto::VarType::FEED_MINIBATCH}, {"fetch", proto::VarType::FETCH_LIST}}) {
    proto::VarDesc* v = b->add_vars();
    v->set_name(name);
    v->mutable_type()->set_type(type);
    v->set_persistable(true);
  }
}

proto::VarDesc* ProgramBuilder::Declare(const std::string& name, const std::vector<int64_t>& dims,
                                        PaddleDataType dtype) {
  proto::VarDesc* v = block()->add_vars();
  v->set_name(name);
  v->mutable_type()->set_type(proto::VarType::LOD_TENSOR);
  proto::VarType::TensorDesc* t = v->mutable_type()->mutable_lod_tensor()->mutable_tensor();
  t->set_data_type(static_cast<proto::VarType::Type>(dtype));
  for (int64_t d : dims) t->add_dims(d);
  return v;
}

void ProgramBuilder::Var(const std::string& name, const std::vector<int64_t>& dims, PaddleDataType dtype) {
  Declare(name, dims, dtype);
}

void ProgramBuilder::Feed(const std::string& name, const std::vector<int64_t>& dims) {
  Declare(name, dims, PaddleDataType::kFp32);
  Op("feed", {{"X", {"feed"}}}, {{"Out", {name}}}).Int("col", feeds_++);
}

void ProgramBuilder::Fetch(const std::string& name) {
  Op("fetch", {{"X", {name}}}, {{"Out", {"fetch"}}}).Int("col", fetches_++);
}

void ProgramBuilder::Parameter(const std::string& name, const std::vector<int64_t>& dims,
                               const std::vector<float>& values) {
  RawParameter(name, PaddleDataType::kFp32, dims,
               std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(float)));
}

void ProgramBuilder::RawParameter(const std::string& name, PaddleDataType dtype,
                                  const std::vector<int64_t>& dims, std::string bytes) {
  Declare(name, dims, dtype)->set_persistable(true);
  records_[name] = ParameterRecord{dtype, dims, std::move(bytes)};
}

ProgramBuilder::OpRef ProgramBuilder::Op(const std::string& type, const Slots& inputs, const Slots& outputs) {
  proto::OpDesc* op = block()->add_ops();
  op->set_type(type);
  for (const auto& [param, args] : inputs) {
    proto::OpDesc::Var* v = op->add_inputs();
    v->set_parameter(param);
    for (const std::string& a : args) v->add_arguments(a);
  }
  for (const auto& [param, args] : outputs) {
    proto::OpDesc::Var* v = op->add_outputs();
    v->set_parameter(param);
    for (const std::string& a : args) v->add_arguments(a);
  }
  return OpRef(op);
}

std::string ProgramBuilder::Record(const std::string& name) const {
  std::string out;
  const ParameterRecord& r = records_.at(name);
  AppendTensorRecord(r.dtype, r.dims, r.bytes, out);
  return out;
}

std::string ProgramBuilder::CombinedParameters() const {
  std::string out;
  for (const auto& [name, r] : records_) out += Record(name);  // std::map: sorted by name
  return out;
}

absl::Status ProgramBuilder::WriteCombined(const std::string& prefix) const {
  MINT8_RETURN_IF_ERROR(WriteStringToFileAtomically(prefix + ".pdmodel", program_.SerializeAsString()));
  return WriteStringToFileAtomically(prefix + ".pdiparams", CombinedParameters());
}

absl::Status ProgramBuilder::WriteLegacy(const std::string& dir, const std::string& params_name) const {
  MINT8_RETURN_IF_ERROR(WriteStringToFileAtomically(dir + "/__model__", program_.SerializeAsString()));
  if (!params_name.empty()) return WriteStringToFileAtomically(dir + "/" + params_name, CombinedParameters());
  for (const auto& [name, r] : records_) {
    MINT8_RETURN_IF_ERROR(WriteStringToFileAtomically(dir + "/" + name, Record(name)));
  }
  return absl::OkStatus();
}

}  // namespace mint8::ir::paddle
