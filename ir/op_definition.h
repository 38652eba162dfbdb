// The types an operator definition is made of: OpSchema (arity, attributes,
// shape inference, traits) and InferenceContext, the registry that the
// definitions in ir/ops/ fill (one file per operator, MINT8_REGISTER_OP), and
// the fused post-op attributes Conv/Gemm/MatMul carry. Code that looks
// operators up includes ir/op_schema.h, which links every definition.
//
// Operators use ONNX names and semantics (opset 13 forms; the ONNX importer
// converts older forms), plus mint8 extensions documented in each operator's
// file (fused post-ops on Conv/Gemm/MatMul, Requantize, ...).
#ifndef MINT8_IR_OP_DEFINITION_H_
#define MINT8_IR_OP_DEFINITION_H_

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/attributes.h"
#include "ir/data_type.h"
#include "ir/graph.h"
#include "ir/op_traits.h"
#include "ir/post_op.h"

namespace mint8::ir {

// The post-ops a Conv, Gemm or MatMul carries after fusion: attribute
// "post_ops" lists their names ("relu", "clip", "leaky_relu", "sigmoid",
// "hard_sigmoid", "hard_swish", "tanh", "sum"), "post_op_alpha" and
// "post_op_beta" their parameters. "sum" adds the extra input after the op's
// regular inputs (the residual).
absl::string_view PostOpName(PostOpKind kind);
// Parses the post_ops attributes of `node`; an unknown name is an error.
absl::Status ParsePostOps(const Node& node, std::vector<PostOp>& post_ops);
// Appends a post-op to `node`'s attributes.
void AppendPostOp(Node& node, const PostOp& post_op);
// Index of the residual ("sum") input of a fused op, or -1.
int SumInputIndex(const Node& node);

// The view of one node that a shape function works with.
class InferenceContext {
 public:
  InferenceContext(const Graph& graph, const Node& node);

  const Node& node() const { return node_; }
  const Attributes& attributes() const { return node_.attributes; }
  int num_inputs() const { return static_cast<int>(node_.inputs.size()); }
  bool has_input(int i) const { return node_.has_input(i); }
  const TensorInfo& input(int i) const { return *inputs_[i]; }
  DataType input_dtype(int i) const { return inputs_[i]->dtype; }
  const Shape& input_shape(int i) const { return inputs_[i]->shape; }
  // Every present input has a fully known shape.
  bool AllInputShapesKnown() const;
  Dims input_dims(int i) const { return inputs_[i]->shape.Sizes(); }
  // The values of constant integer (s32/s64) or float input `i`, if constant.
  std::optional<std::vector<int64_t>> ConstantInts(int i) const;
  std::optional<std::vector<float>> ConstantFloats(int i) const;
  // The dtype the graph already records for output `i` (set by quantization).
  DataType existing_output_dtype(int i) const;

  void SetOutput(int i, DataType dtype, Shape shape);
  // All outputs get `dtype` and an unknown shape (inputs not known yet).
  void SetOutputsUnknown(DataType dtype);
  struct Output {
    DataType dtype;
    Shape shape;
  };
  const std::vector<Output>& outputs() const { return outputs_; }

  // "Conv node 'conv1': <message>", as InvalidArgument.
  absl::Status Error(absl::string_view message) const;

 private:
  const Graph& graph_;
  const Node& node_;
  std::vector<const TensorInfo*> inputs_;
  std::vector<Output> outputs_;
};

// What an operator's ONNX import hook may ask the importer (ONNX's protos
// stay inside ir/onnx): the file's opset, constant inputs, new constants,
// ONNX's element-type codes and tensor-valued attributes.
class OnnxImportContext {
 public:
  virtual ~OnnxImportContext() = default;
  virtual int opset() const = 0;
  virtual absl::StatusOr<float> ConstantFloat(const Node& node, int input) const = 0;
  virtual absl::StatusOr<std::vector<int64_t>> ConstantInts(const Node& node, int input) const = 0;
  // Adds a constant for `node` and returns its tensor name.
  virtual std::string AddInts(const Node& node, absl::string_view what, const std::vector<int64_t>& values) = 0;
  virtual std::string AddFloat(const Node& node, absl::string_view what, float value) = 0;
  virtual absl::StatusOr<DataType> DataTypeFromOnnx(int64_t onnx_type) const = 0;
  // The value and element type of the node's one-element tensor attribute
  // `name`, or nullopt when the node has no such attribute.
  struct ScalarValue {
    float value;
    DataType dtype;
  };
  virtual absl::StatusOr<std::optional<ScalarValue>> ScalarTensorAttribute(absl::string_view name) const = 0;
  // "<op> node '<name>': <message>", as InvalidArgument.
  virtual absl::Status Error(const Node& node, absl::string_view message) const = 0;
};

// What an operator's ONNX export hook may ask the exporter.
class OnnxExportContext {
 public:
  virtual ~OnnxExportContext() = default;
  virtual const Graph& graph() const = 0;
  // Adds an initializer for `node` and returns its ONNX tensor name.
  virtual std::string AddFloat(const Node& node, absl::string_view what, float value) = 0;
  virtual std::string AddInts(const Node& node, absl::string_view what, const std::vector<int64_t>& values) = 0;
  virtual int64_t DataTypeToOnnx(DataType type) const = 0;
};

struct AttributeSpec {
  std::string name;
  AttributeKind kind;
};

struct OpSchema {
  std::string op_type;
  int min_inputs = 1;
  int max_inputs = 1;
  int min_outputs = 1;
  int max_outputs = 1;
  std::vector<AttributeSpec> attributes;
  // Sets every output's dtype and shape; errors on inconsistent inputs or
  // unsupported attribute values.
  std::function<absl::Status(InferenceContext&)> infer;
  OpTraits traits;
  // Whether ONNX files may hold the op (false for mint8's own, Requantize).
  bool in_onnx = true;
  // The first ONNX opset with the operator in the form mint8 writes; a graph
  // is exported at the largest of its operators' (and at least opset 13).
  int onnx_opset = 1;
  // The ONNX form, when it differs from mint8's: older opsets, inputs that
  // mint8 keeps as attributes. `from_onnx` rewrites an imported node (its
  // attributes converted as they were); `to_onnx` gets the attributes to
  // write (post-ops removed) to rewrite, and inputs to append.
  absl::Status (*from_onnx)(OnnxImportContext& ctx, Node& node) = nullptr;
  absl::Status (*to_onnx)(OnnxExportContext& ctx, const Node& node, Attributes& attributes,
                          std::vector<std::string>& extra_inputs) = nullptr;

  const AttributeSpec* FindAttribute(absl::string_view name) const;
};

// Adds `schema` to the registry; an operator's file does this once, with
// MINT8_REGISTER_OP. Registering an op type twice is a programmer error
// (aborts at start-up).
bool RegisterOpSchema(OpSchema schema);

// Every registered operator, by type.
const std::map<std::string, OpSchema, std::less<>>& OpRegistry();

}  // namespace mint8::ir

// Registers the operator schema built by the expression (at static
// initialization; the ops library is alwayslink).
#define MINT8_REGISTER_OP(...) \
  [[maybe_unused]] const bool kOpRegistered = ::mint8::ir::RegisterOpSchema(__VA_ARGS__)

#endif  // MINT8_IR_OP_DEFINITION_H_
