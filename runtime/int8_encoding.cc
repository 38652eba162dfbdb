#include "runtime/int8_encoding.h"

#include <cmath>
#include <cstdlib>
#include <set>

#include "absl/strings/str_cat.h"
#include "ir/status_macros.h"

namespace mint8::runtime {
namespace {

constexpr int32_t kShift = 128;
constexpr int kSevenBitMax = 63;

// A u8 constant holding s8 constant `name` + 128.
std::string ShiftedZeroPoint(ir::Graph& graph, const std::string& name) {
  const ir::TensorInfo& t = *graph.FindConstant(name);
  const auto values = t.data->span<int8_t>();
  std::shared_ptr<ir::Buffer> b = ir::Buffer::Allocate(values.size());
  for (size_t i = 0; i < values.size(); ++i) b->mutable_data<uint8_t>()[i] = static_cast<uint8_t>(values[i] + kShift);
  const std::string shifted = graph.UniqueTensorName(name + "/u8");
  graph.AddConstant(shifted, ir::DataType::kU8, t.shape.Sizes(), b);
  return shifted;
}

// Replaces zero-point input `index` of `node` when its tensor is an s8 constant.
void ShiftZeroPointInput(ir::Graph& graph, ir::Node& node, size_t index) {
  if (!node.has_input(index)) return;
  const ir::TensorInfo* zp = graph.FindConstant(node.inputs[index]);
  if (zp != nullptr && zp->dtype == ir::DataType::kS8) node.inputs[index] = ShiftedZeroPoint(graph, node.inputs[index]);
}

bool NarrowWeights(ir::Graph& graph, ir::Node& node) {
  const ir::TensorInfo* w = graph.FindConstant(node.inputs[1]);
  if (w == nullptr || w->dtype != ir::DataType::kS8 || !w->quantization.has_value()) return false;
  const auto values = w->data->span<int8_t>();
  bool wide = false;
  for (int8_t v : values) wide = wide || std::abs(v) > kSevenBitMax;
  if (!wide) return false;
  std::shared_ptr<ir::Buffer> narrow = ir::Buffer::Allocate(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    narrow->mutable_data<int8_t>()[i] = static_cast<int8_t>(std::nearbyint(values[i] / 2.0));
  }
  ir::Quantization q = *w->quantization;
  for (float& s : q.scales) s *= 2;
  const std::string name = graph.UniqueTensorName(node.inputs[1] + "/7bit");
  graph.AddConstant(name, ir::DataType::kS8, w->shape.Sizes(), narrow).quantization = q;
  node.inputs[1] = name;
  if (node.has_input(2)) {
    const ir::TensorInfo* b = graph.FindConstant(node.inputs[2]);
    if (b != nullptr && b->dtype == ir::DataType::kS32) {
      const auto bias = b->data->span<int32_t>();
      std::shared_ptr<ir::Buffer> half = ir::Buffer::Allocate(bias.size() * 4);
      for (size_t i = 0; i < bias.size(); ++i) {
        half->mutable_data<int32_t>()[i] = static_cast<int32_t>(std::nearbyint(bias[i] / 2.0));
      }
      const std::string bias_name = graph.UniqueTensorName(node.inputs[2] + "/7bit");
      ir::TensorInfo& nb = graph.AddConstant(bias_name, ir::DataType::kS32, b->shape.Sizes(), half);
      if (b->quantization.has_value()) {
        nb.quantization = b->quantization;
        for (float& s : nb.quantization->scales) s *= 2;
      }
      node.inputs[2] = bias_name;
    }
  }
  return true;
}

}  // namespace

absl::StatusOr<Int8Adaptation> AdaptInt8ToCpu(ir::Graph& graph, bool cpu_has_vnni) {
  Int8Adaptation done;
  if (cpu_has_vnni) return done;
  std::set<std::string> shifted;
  for (const auto& [name, t] : graph.tensors()) {
    // Quantized activations only: plain s8 data (integer arithmetic) stays.
    if (t.is_constant() || t.dtype != ir::DataType::kS8 || !t.quantization.has_value()) continue;
    shifted.insert(name);
  }
  for (const std::string& name : shifted) {
    ir::TensorInfo& t = *graph.FindTensor(name);
    t.dtype = ir::DataType::kU8;
    if (t.quantization->per_channel()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "s8 tensor '", name, "' has no per-tensor quantization to move to u8"));
    }
    t.quantization->zero_points = {t.quantization->zero_point() + kShift};
  }
  for (const auto& node : graph.nodes()) {
    const std::string& op = node->op_type;
    if (op == "QuantizeLinear" && shifted.count(node->outputs[0])) ShiftZeroPointInput(graph, *node, 2);
    if (op == "DequantizeLinear" && shifted.count(node->inputs[0])) ShiftZeroPointInput(graph, *node, 2);
    if (op == "Requantize") {
      if (shifted.count(node->inputs[0])) ShiftZeroPointInput(graph, *node, 2);
      if (shifted.count(node->outputs[0])) ShiftZeroPointInput(graph, *node, 4);
    }
    if ((op == "Conv" || op == "Gemm") && NarrowWeights(graph, *node)) ++done.narrowed_weights;
  }
  done.shifted_tensors = static_cast<int>(shifted.size());
  graph.RemoveUnusedTensors();
  return done;
}

}  // namespace mint8::runtime
