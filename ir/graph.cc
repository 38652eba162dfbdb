#include "ir/graph.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "absl/strings/str_cat.h"

namespace mint8::ir {

Graph::Graph(const Graph& other)
    : tensors_(other.tensors_),
      inputs_(other.inputs_),
      outputs_(other.outputs_),
      metadata_(other.metadata_) {
  nodes_.reserve(other.nodes_.size());
  for (const auto& node : other.nodes_) nodes_.push_back(std::make_unique<Node>(*node));
}

Graph& Graph::operator=(const Graph& other) {
  if (this != &other) *this = Graph(other);
  return *this;
}

TensorInfo* Graph::FindTensor(absl::string_view name) {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

const TensorInfo* Graph::FindTensor(absl::string_view name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

TensorInfo& Graph::AddTensor(absl::string_view name, DataType dtype, Shape shape) {
  TensorInfo& t = tensors_[std::string(name)];
  t.name = std::string(name);
  t.dtype = dtype;
  t.shape = std::move(shape);
  return t;
}

TensorInfo& Graph::AddConstant(absl::string_view name, DataType dtype,
                               absl::Span<const int64_t> dims,
                               std::shared_ptr<const Buffer> data) {
  TensorInfo& t = AddTensor(name, dtype, Shape::Of(dims));
  t.data = std::move(data);
  return t;
}

std::string Graph::AddNewConstant(absl::string_view base, DataType dtype, absl::Span<const int64_t> dims,
                                  std::shared_ptr<const Buffer> data) {
  std::string name = UniqueTensorName(base);
  AddConstant(name, dtype, dims, std::move(data));
  return name;
}

std::string Graph::AddNewInts(absl::string_view base, absl::Span<const int64_t> values) {
  return AddNewConstant(base, DataType::kS64, {static_cast<int64_t>(values.size())},
                        Buffer::Copy(values.data(), values.size() * sizeof(int64_t)));
}

const TensorInfo* Graph::FindConstant(absl::string_view name) const {
  const TensorInfo* t = FindTensor(name);
  return t != nullptr && t->is_constant() ? t : nullptr;
}

std::string Graph::UniqueTensorName(absl::string_view base) const {
  if (FindTensor(base) == nullptr) return std::string(base);
  for (int i = 1;; ++i) {
    std::string name = absl::StrCat(base, "_", i);
    if (FindTensor(name) == nullptr) return name;
  }
}

std::string Graph::UniqueNodeName(absl::string_view base) const {
  std::set<absl::string_view> names;
  for (const auto& n : nodes_) names.insert(n->name);
  if (names.count(base) == 0) return std::string(base);
  for (int i = 1;; ++i) {
    std::string name = absl::StrCat(base, "_", i);
    if (names.count(name) == 0) return name;
  }
}

Node& Graph::AddNode(Node node) {
  nodes_.push_back(std::make_unique<Node>(std::move(node)));
  return *nodes_.back();
}

void Graph::RemoveNode(const Node* node) {
  nodes_.erase(std::remove_if(nodes_.begin(), nodes_.end(),
                              [node](const std::unique_ptr<Node>& n) { return n.get() == node; }),
               nodes_.end());
}

Node* Graph::FindNode(absl::string_view name) {
  for (auto& n : nodes_) {
    if (n->name == name) return n.get();
  }
  return nullptr;
}

absl::Status Graph::TopologicalSort() {
  std::unordered_map<std::string, int> producer;
  for (int i = 0; i < num_nodes(); ++i) {
    for (const std::string& out : nodes_[i]->outputs) {
      if (out.empty()) continue;
      if (!producer.emplace(out, i).second) {
        return absl::InvalidArgumentError(absl::StrCat(
            "tensor '", out, "' is produced by two nodes ('", nodes_[producer[out]]->name,
            "' and '", nodes_[i]->name, "')"));
      }
    }
  }
  // Depth-first post-order from each node in the current order keeps already
  // sorted graphs unchanged.
  std::vector<int> state(nodes_.size(), 0);  // 0 new, 1 on stack, 2 done
  std::vector<std::unique_ptr<Node>> sorted;
  sorted.reserve(nodes_.size());
  std::vector<std::pair<int, size_t>> stack;
  for (int root = 0; root < num_nodes(); ++root) {
    if (state[root] != 0) continue;
    stack.push_back({root, 0});
    state[root] = 1;
    while (!stack.empty()) {
      auto& [index, next_input] = stack.back();
      const Node& node = *nodes_[index];
      if (next_input < node.inputs.size()) {
        const std::string& in = node.inputs[next_input++];
        if (in.empty()) continue;
        auto it = producer.find(in);
        if (it == producer.end()) {
          if (FindTensor(in) == nullptr || (!FindTensor(in)->is_constant() && !IsGraphInput(in))) {
            return absl::InvalidArgumentError(absl::StrCat(
                "node '", node.name, "' (", node.op_type, ") reads tensor '", in,
                "', which is neither a graph input, a constant, nor produced by a node"));
          }
          continue;
        }
        if (state[it->second] == 1) {
          return absl::InvalidArgumentError(
              absl::StrCat("the graph has a cycle through node '", node.name, "'"));
        }
        if (state[it->second] == 0) {
          state[it->second] = 1;
          stack.push_back({it->second, 0});
        }
        continue;
      }
      state[index] = 2;
      sorted.push_back(std::move(nodes_[index]));
      stack.pop_back();
    }
  }
  nodes_ = std::move(sorted);
  return absl::OkStatus();
}

Node* Graph::Producer(absl::string_view tensor) {
  for (auto& n : nodes_) {
    for (const std::string& out : n->outputs) {
      if (out == tensor) return n.get();
    }
  }
  return nullptr;
}

const Node* Graph::Producer(absl::string_view tensor) const {
  return const_cast<Graph*>(this)->Producer(tensor);
}

std::vector<Node*> Graph::Consumers(absl::string_view tensor) {
  std::vector<Node*> consumers;
  for (auto& n : nodes_) {
    if (std::find(n->inputs.begin(), n->inputs.end(), tensor) != n->inputs.end()) {
      consumers.push_back(n.get());
    }
  }
  return consumers;
}

int Graph::NumUses(absl::string_view tensor) const {
  int uses = static_cast<int>(std::count(outputs_.begin(), outputs_.end(), tensor));
  for (const auto& n : nodes_) {
    uses += static_cast<int>(std::count(n->inputs.begin(), n->inputs.end(), tensor));
  }
  return uses;
}

bool Graph::IsGraphOutput(absl::string_view tensor) const {
  return std::find(outputs_.begin(), outputs_.end(), tensor) != outputs_.end();
}

bool Graph::IsGraphInput(absl::string_view tensor) const {
  return std::find(inputs_.begin(), inputs_.end(), tensor) != inputs_.end();
}

void Graph::ReplaceAllUses(absl::string_view from, absl::string_view to) {
  for (auto& n : nodes_) {
    for (std::string& in : n->inputs) {
      if (in == from) in = std::string(to);
    }
  }
  for (std::string& out : outputs_) {
    if (out == from) out = std::string(to);
  }
}

void Graph::RemoveUnusedTensors() {
  std::set<std::string, std::less<>> used(inputs_.begin(), inputs_.end());
  used.insert(outputs_.begin(), outputs_.end());
  for (const auto& n : nodes_) {
    used.insert(n->inputs.begin(), n->inputs.end());
    used.insert(n->outputs.begin(), n->outputs.end());
  }
  for (auto it = tensors_.begin(); it != tensors_.end();) {
    it = used.count(it->first) ? std::next(it) : tensors_.erase(it);
  }
}

}  // namespace mint8::ir
