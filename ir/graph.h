// Graph: the in-memory, mutable model that every pass works on.
//
// Tensors are named; nodes read and write tensors by name ("" marks an omitted
// optional input). Constant tensors (weights) carry their bytes in a shared
// Buffer, so copying a Graph is cheap and never copies weights.
//
//   Graph g;
//   g.AddTensor("x", DataType::kF32, Shape::Of({1, 3, 224, 224}));
//   g.inputs().push_back("x");
//   Node& relu = g.AddNode(Node{"relu0", "Relu", {"x"}, {"y"}});
//   ...
//   MINT8_RETURN_IF_ERROR(g.TopologicalSort());
#ifndef MINT8_IR_GRAPH_H_
#define MINT8_IR_GRAPH_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ir/attributes.h"
#include "ir/buffer.h"
#include "ir/data_type.h"
#include "ir/quantization.h"
#include "ir/shape.h"

namespace mint8::ir {

struct TensorInfo {
  std::string name;
  DataType dtype = DataType::kUnknown;
  Shape shape;
  std::optional<Quantization> quantization;
  // Set for constants (weights and folded values).
  std::shared_ptr<const Buffer> data;

  bool is_constant() const { return data != nullptr; }
};

struct Node {
  std::string name;
  std::string op_type;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  Attributes attributes;

  // Input `i` is present (given and not "").
  bool has_input(size_t i) const { return i < inputs.size() && !inputs[i].empty(); }
};

// Graph metadata key: "1" when the inputs' declared dims are hints that a
// given input shape of the same rank may override (Paddle programs declare
// shapes they do not check: PaddleOCR's classifier declares 32x100 and runs
// at 48x192).
inline constexpr char kInputDimsAreHints[] = "input_dims_are_hints";

class Graph {
 public:
  Graph() = default;
  Graph(const Graph& other);
  Graph& operator=(const Graph& other);
  Graph(Graph&&) = default;
  Graph& operator=(Graph&&) = default;

  // --- tensors ---
  TensorInfo* FindTensor(absl::string_view name);
  const TensorInfo* FindTensor(absl::string_view name) const;
  // Adds (or replaces) the description of tensor `name`.
  TensorInfo& AddTensor(absl::string_view name, DataType dtype, Shape shape);
  // Adds (or replaces) a constant tensor.
  TensorInfo& AddConstant(absl::string_view name, DataType dtype, absl::Span<const int64_t> dims,
                          std::shared_ptr<const Buffer> data);
  // A new constant named after `base` (made unique, UniqueTensorName): its name.
  std::string AddNewConstant(absl::string_view base, DataType dtype, absl::Span<const int64_t> dims,
                             std::shared_ptr<const Buffer> data);
  // ... holding `values` as a 1-D s64 tensor (Reshape shapes, Slice windows).
  std::string AddNewInts(absl::string_view base, absl::Span<const int64_t> values);
  // Constant data of `name`, or null when it is not a constant.
  const TensorInfo* FindConstant(absl::string_view name) const;
  const std::map<std::string, TensorInfo, std::less<>>& tensors() const { return tensors_; }

  // A tensor or node name not used yet, derived from `base`.
  std::string UniqueTensorName(absl::string_view base) const;
  std::string UniqueNodeName(absl::string_view base) const;

  // --- nodes (kept in topological order by TopologicalSort) ---
  const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
  int num_nodes() const { return static_cast<int>(nodes_.size()); }
  Node& AddNode(Node node);
  // Removes `node`; its output tensors stay until RemoveUnusedTensors().
  void RemoveNode(const Node* node);
  Node* FindNode(absl::string_view name);
  // Orders nodes so producers come before consumers (stable for already
  // ordered graphs). Fails on cycles and on inputs nobody defines.
  absl::Status TopologicalSort();

  // --- use/def ---
  Node* Producer(absl::string_view tensor);
  const Node* Producer(absl::string_view tensor) const;
  std::vector<Node*> Consumers(absl::string_view tensor);
  int NumUses(absl::string_view tensor) const;  // node inputs + graph outputs
  bool IsGraphOutput(absl::string_view tensor) const;
  bool IsGraphInput(absl::string_view tensor) const;
  // Every node input and graph output that reads `from` reads `to` instead.
  void ReplaceAllUses(absl::string_view from, absl::string_view to);
  // Drops tensors that no node or graph input/output mentions.
  void RemoveUnusedTensors();

  // --- interface ---
  std::vector<std::string>& inputs() { return inputs_; }
  const std::vector<std::string>& inputs() const { return inputs_; }
  std::vector<std::string>& outputs() { return outputs_; }
  const std::vector<std::string>& outputs() const { return outputs_; }
  std::map<std::string, std::string>& metadata() { return metadata_; }
  const std::map<std::string, std::string>& metadata() const { return metadata_; }

 private:
  std::map<std::string, TensorInfo, std::less<>> tensors_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::vector<std::string> inputs_;
  std::vector<std::string> outputs_;
  std::map<std::string, std::string> metadata_;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_GRAPH_H_
