#include "ir/onnx/importer.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "ir/file_io.h"
#include "ir/imported_graph.h"
#include "ir/onnx/tensor_proto.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"

namespace mint8::ir {
namespace {

// ONNX's Constant node type (not a mint8 operator).
constexpr absl::string_view kOnnxConstant = "Constant";

using ::onnx::AttributeProto;
using ::onnx::NodeProto;

class Importer : public OnnxImportContext {
 public:
  Importer(::onnx::ModelProto& model, std::string model_dir)
      : model_(model), model_dir_(std::move(model_dir)) {}

  absl::StatusOr<Graph> Run() {
    MINT8_RETURN_IF_ERROR(ReadOpset());
    ::onnx::GraphProto& g = *model_.mutable_graph();
    for (::onnx::TensorProto& init : *g.mutable_initializer()) {
      MINT8_RETURN_IF_ERROR(AddConstant(init.name(), init));
    }
    for (const ::onnx::ValueInfoProto& in : g.input()) {
      if (graph_.FindConstant(in.name()) != nullptr) continue;  // IR < 4 lists initializers
      MINT8_RETURN_IF_ERROR(AddGraphInput(in));
    }
    for (int i = 0; i < g.node_size(); ++i) {
      MINT8_RETURN_IF_ERROR(ConvertNode(*g.mutable_node(i), i));
    }
    for (const ::onnx::ValueInfoProto& out : g.output()) graph_.outputs().push_back(out.name());
    DropUnusedSecondaryOutputs();
    if (!model_.producer_name().empty()) {
      graph_.metadata()["onnx_producer"] =
          absl::StrCat(model_.producer_name(), " ", model_.producer_version());
    }
    graph_.metadata()["onnx_opset"] = absl::StrCat(opset_);
    MINT8_RETURN_IF_ERROR(CompleteImportedGraph(graph_));
    return std::move(graph_);
  }

 private:
  absl::Status ReadOpset() {
    opset_ = -1;
    for (const auto& op : model_.opset_import()) {
      if (op.domain().empty() || op.domain() == "ai.onnx") opset_ = static_cast<int>(op.version());
    }
    if (opset_ < 0) return absl::InvalidArgumentError("the model imports no default-domain opset");
    if (opset_ < kMinOnnxOpset || opset_ > kMaxOnnxOpset) {
      return absl::UnimplementedError(absl::StrCat("ONNX opset ", opset_, " is not supported (",
                                                   kMinOnnxOpset, " to ", kMaxOnnxOpset, " are)"));
    }
    return absl::OkStatus();
  }

  absl::Status AddConstant(const std::string& name, ::onnx::TensorProto& tensor) {
    MINT8_ASSIGN_OR_RETURN(onnx_io::ConstantTensor c, onnx_io::TensorFromProto(tensor, model_dir_));
    graph_.AddConstant(name, c.dtype, c.dims, c.data);
    return absl::OkStatus();
  }

  absl::Status AddGraphInput(const ::onnx::ValueInfoProto& in) {
    const ::onnx::TypeProto& type = in.type();
    if (!type.has_tensor_type()) {
      return absl::UnimplementedError(absl::StrCat("graph input '", in.name(), "' is not a tensor"));
    }
    auto dtype = onnx_io::DataTypeFromOnnx(type.tensor_type().elem_type());
    if (!dtype.ok()) {
      return absl::Status(dtype.status().code(),
                          absl::StrCat("graph input '", in.name(), "': ", dtype.status().message()));
    }
    Shape shape;
    if (type.tensor_type().has_shape()) {
      std::vector<Dim> dims;
      for (const auto& d : type.tensor_type().shape().dim()) {
        if (d.has_dim_value())
          dims.push_back(Dim::Known(d.dim_value()));
        else if (d.has_dim_param() && !d.dim_param().empty())
          dims.push_back(Dim::Symbolic(d.dim_param()));
        else
          dims.push_back(Dim::Symbolic(absl::StrCat("unk_", unnamed_dims_++)));
      }
      shape = Shape::FromDims(std::move(dims));
    }
    graph_.AddTensor(in.name(), *dtype, std::move(shape));
    graph_.inputs().push_back(in.name());
    return absl::OkStatus();
  }

  // OnnxImportContext, for the operators' import hooks.
  int opset() const override { return opset_; }
  absl::StatusOr<float> ConstantFloat(const Node& node, int input) const override {
    return ConstantFloatInput(node, input);
  }
  absl::StatusOr<std::vector<int64_t>> ConstantInts(const Node& node, int input) const override {
    return ConstantIntsInput(node, input);
  }
  std::string AddInts(const Node& node, absl::string_view what, const std::vector<int64_t>& values) override {
    const std::string name = graph_.UniqueTensorName(absl::StrCat(node.name, "/", what));
    graph_.AddConstant(name, DataType::kS64, {static_cast<int64_t>(values.size())},
                       Buffer::Copy(values.data(), values.size() * sizeof(int64_t)));
    return name;
  }
  std::string AddFloat(const Node& node, absl::string_view what, float value) override {
    const std::string name = graph_.UniqueTensorName(absl::StrCat(node.name, "/", what));
    graph_.AddConstant(name, DataType::kF32, {}, Buffer::Copy(&value, sizeof(value)));
    return name;
  }
  absl::StatusOr<DataType> DataTypeFromOnnx(int64_t onnx_type) const override {
    return onnx_io::DataTypeFromOnnx(static_cast<int>(onnx_type));
  }
  absl::StatusOr<std::optional<ScalarValue>> ScalarTensorAttribute(absl::string_view name) const override {
    for (AttributeProto& a : *current_->mutable_attribute()) {
      if (a.name() != name || a.type() != AttributeProto::TENSOR) continue;
      MINT8_ASSIGN_OR_RETURN(onnx_io::ConstantTensor t, onnx_io::TensorFromProto(*a.mutable_t(), model_dir_));
      if (NumElements(t.dims) != 1) {
        return absl::InvalidArgumentError(absl::StrCat("attribute '", name, "' must hold one element"));
      }
      ScalarValue v{0.f, t.dtype};
      ConstTensorValue(t, v.value);
      return std::optional<ScalarValue>(v);
    }
    return std::optional<ScalarValue>();
  }
  absl::Status Error(const Node& node, absl::string_view message) const override {
    return NodeError(node, message);
  }

  absl::Status NodeError(const Node& node, absl::string_view message) const {
    return absl::InvalidArgumentError(
        absl::StrCat(node.op_type, " node '", node.name, "' (opset ", opset_, "): ", message));
  }

  absl::StatusOr<std::vector<int64_t>> ConstantIntsInput(const Node& node, size_t input) const {
    const TensorInfo* t = graph_.FindConstant(node.inputs[input]);
    if (t == nullptr || (t->dtype != DataType::kS64 && t->dtype != DataType::kS32)) {
      return NodeError(node, absl::StrCat("input ", input, " ('", node.inputs[input],
                                          "') must be a constant integer tensor"));
    }
    if (t->dtype == DataType::kS32) {
      auto s = t->data->span<int32_t>();
      return std::vector<int64_t>(s.begin(), s.end());
    }
    auto s = t->data->span<int64_t>();
    return std::vector<int64_t>(s.begin(), s.end());
  }

  absl::StatusOr<float> ConstantFloatInput(const Node& node, size_t input) const {
    const TensorInfo* t = graph_.FindConstant(node.inputs[input]);
    if (t == nullptr || t->shape.NumElements() != 1) {
      return NodeError(
          node, absl::StrCat("input ", input, " ('", node.inputs[input], "') must be a constant scalar"));
    }
    float value = 0;
    ConstTensorValue(onnx_io::ConstantTensor{t->dtype, t->shape.Sizes(), t->data}, value);
    return value;
  }

  absl::Status ConvertAttributes(const NodeProto& proto, Node& node) {
    static const std::set<std::string> kIgnored = {"consumed_inputs", "is_test"};
    for (const AttributeProto& a : proto.attribute()) {
      if (kIgnored.count(a.name())) continue;
      switch (a.type()) {
        case AttributeProto::INT:
          node.attributes.Set(a.name(), a.i());
          break;
        case AttributeProto::FLOAT:
          node.attributes.Set(a.name(), a.f());
          break;
        case AttributeProto::STRING:
          node.attributes.Set(a.name(), a.s());
          break;
        case AttributeProto::INTS:
          node.attributes.Set(a.name(), std::vector<int64_t>(a.ints().begin(), a.ints().end()));
          break;
        case AttributeProto::FLOATS:
          node.attributes.Set(a.name(), std::vector<float>(a.floats().begin(), a.floats().end()));
          break;
        case AttributeProto::STRINGS:
          node.attributes.Set(a.name(), std::vector<std::string>(a.strings().begin(), a.strings().end()));
          break;
        case AttributeProto::TENSOR:
          // Read by the operator's import hook (ScalarTensorAttribute).
          if (FindOpSchema(node.op_type)->from_onnx != nullptr) break;
          [[fallthrough]];
        default:
          return NodeError(node,
                           absl::StrCat("attribute '", a.name(), "' of type ",
                                        AttributeProto::AttributeType_Name(a.type()), " is not supported"));
      }
    }
    return absl::OkStatus();
  }

  absl::Status ConvertConstant(NodeProto& proto, const Node& node) {
    if (proto.output_size() != 1) return NodeError(node, "must have one output");
    for (AttributeProto& a : *proto.mutable_attribute()) {
      ::onnx::TensorProto t;
      if (a.name() == "value") {
        t = a.t();
      } else if (a.name() == "value_float") {
        t.set_data_type(::onnx::TensorProto::FLOAT);
        t.add_float_data(a.f());
      } else if (a.name() == "value_floats") {
        t.set_data_type(::onnx::TensorProto::FLOAT);
        t.add_dims(a.floats_size());
        for (float f : a.floats()) t.add_float_data(f);
      } else if (a.name() == "value_int") {
        t.set_data_type(::onnx::TensorProto::INT64);
        t.add_int64_data(a.i());
      } else if (a.name() == "value_ints") {
        t.set_data_type(::onnx::TensorProto::INT64);
        t.add_dims(a.ints_size());
        for (int64_t i : a.ints()) t.add_int64_data(i);
      } else {
        return NodeError(node, absl::StrCat("attribute '", a.name(), "' is not supported"));
      }
      t.set_name(proto.output(0));
      return AddConstant(proto.output(0), t);
    }
    return NodeError(node, "has no value");
  }

  static void ConstTensorValue(const onnx_io::ConstantTensor& t, float& value) {
    switch (t.dtype) {
      case DataType::kF32:
        value = t.data->data<float>()[0];
        break;
      case DataType::kS64:
        value = static_cast<float>(t.data->data<int64_t>()[0]);
        break;
      case DataType::kS32:
        value = static_cast<float>(t.data->data<int32_t>()[0]);
        break;
      case DataType::kU8:
      case DataType::kBool:
        value = t.data->data<uint8_t>()[0];
        break;
      case DataType::kS8:
        value = t.data->data<int8_t>()[0];
        break;
      case DataType::kUnknown:
        break;
    }
  }

  absl::Status ConvertNode(NodeProto& proto, int index) {
    Node node;
    node.op_type = proto.op_type();
    node.name = proto.name().empty() ? absl::StrCat(proto.op_type(), "_", index) : proto.name();
    if (used_node_names_.count(node.name)) node.name = absl::StrCat(node.name, "_", index);
    used_node_names_.insert(node.name);
    if (!proto.domain().empty() && proto.domain() != "ai.onnx") {
      return absl::UnimplementedError(absl::StrCat("node '", node.name, "': operator '", proto.domain(),
                                                   "::", proto.op_type(), "' is not supported"));
    }
    node.inputs.assign(proto.input().begin(), proto.input().end());
    node.outputs.assign(proto.output().begin(), proto.output().end());
    // ONNX's Constant node is no operator in mint8: it becomes a constant.
    if (proto.op_type() == kOnnxConstant) return ConvertConstant(proto, node);
    const OpSchema* schema = FindOpSchema(node.op_type);
    if (schema == nullptr || !schema->in_onnx) {
      return absl::UnimplementedError(
          absl::StrCat("node '", node.name, "': operator '", node.op_type, "' (opset ", opset_,
                       ") is not supported. Supported: ", absl::StrJoin(SupportedOps(), ", ")));
    }
    MINT8_RETURN_IF_ERROR(ConvertAttributes(proto, node));
    current_ = &proto;
    if (schema->from_onnx != nullptr) MINT8_RETURN_IF_ERROR(schema->from_onnx(*this, node));
    // Trailing omitted optional inputs carry no meaning.
    while (!node.inputs.empty() && node.inputs.back().empty()) node.inputs.pop_back();
    graph_.AddNode(std::move(node));
    return absl::OkStatus();
  }

  // Secondary outputs that nothing reads (Dropout masks, MaxPool indices)
  // are dropped, so inference models exported with them still import.
  void DropUnusedSecondaryOutputs() {
    for (const auto& node : graph_.nodes()) {
      while (node->outputs.size() > 1 && graph_.NumUses(node->outputs.back()) == 0 &&
             !graph_.IsGraphOutput(node->outputs.back())) {
        node->outputs.pop_back();
      }
    }
  }

  ::onnx::ModelProto& model_;
  std::string model_dir_;
  Graph graph_;
  int opset_ = 0;
  int unnamed_dims_ = 0;
  std::set<std::string> used_node_names_;
  NodeProto* current_ = nullptr;  // the node being converted
};

std::string DirectoryOf(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace

absl::StatusOr<Graph> ImportOnnxModel(::onnx::ModelProto& model, const std::string& model_dir) {
  return Importer(model, model_dir).Run();
}

absl::StatusOr<Graph> ImportOnnxFile(const std::string& path) {
  MINT8_ASSIGN_OR_RETURN(std::shared_ptr<const MappedFile> file, MappedFile::Open(path));
  if (file->size() > static_cast<size_t>(INT32_MAX)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", path, "' is larger than 2 GB; store its weights as ONNX external data"));
  }
  ::onnx::ModelProto model;
  if (file->size() == 0 || !model.ParseFromArray(file->data(), static_cast<int>(file->size())) ||
      !model.has_graph()) {
    return absl::DataLossError(
        absl::StrCat("'", path, "' is not a valid ONNX model (truncated or not ONNX)"));
  }
  auto graph = ImportOnnxModel(model, DirectoryOf(path));
  if (!graph.ok()) {
    return absl::Status(graph.status().code(), absl::StrCat("'", path, "': ", graph.status().message()));
  }
  return graph;
}

}  // namespace mint8::ir
