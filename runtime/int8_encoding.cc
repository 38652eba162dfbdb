#include "runtime/int8_encoding.h"

#include <cmath>
#include <cstdlib>
#include <map>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"

namespace mint8::runtime {
namespace {

constexpr int kSevenBitMax = 63;

// How far an s8 tensor moves up to become u8: its narrowed range's lower end
// goes to 0 (so 7-bit [-64, 63] becomes [0, 127]); a full range moves by 128.
int32_t ShiftOf(const ir::Quantization& q) { return q.narrowed() ? -q.qmin : 128; }

// A u8 constant holding s8 constant `name` + `shift`.
std::string ShiftedZeroPoint(ir::Graph& graph, const std::string& name, int32_t shift) {
  const ir::TensorInfo& t = *graph.FindConstant(name);
  const auto values = t.data->span<int8_t>();
  std::shared_ptr<ir::Buffer> b = ir::Buffer::Allocate(values.size());
  for (size_t i = 0; i < values.size(); ++i) b->mutable_data<uint8_t>()[i] = static_cast<uint8_t>(values[i] + shift);
  const std::string shifted = graph.UniqueTensorName(name + "/u8");
  graph.AddConstant(shifted, ir::DataType::kU8, t.shape.Sizes(), b);
  return shifted;
}

// Replaces zero-point input `index` of `node` when its tensor is an s8 constant.
void ShiftZeroPointInput(ir::Graph& graph, ir::Node& node, size_t index, int32_t shift) {
  if (!node.has_input(index)) return;
  const ir::TensorInfo* zp = graph.FindConstant(node.inputs[index]);
  if (zp != nullptr && zp->dtype == ir::DataType::kS8) {
    node.inputs[index] = ShiftedZeroPoint(graph, node.inputs[index], shift);
  }
}

// Weights beyond +-63 meet a u8 source that may exceed 127: vpmaddubsw could
// saturate, so the weights lose their lowest bit.
bool NarrowWeights(ir::Graph& graph, ir::Node& node) {
  const ir::TensorInfo* x = graph.FindTensor(node.inputs[0]);
  if (x == nullptr || !x->quantization.has_value() ||
      (x->quantization->narrowed() && x->quantization->qmax <= 127)) {
    return false;
  }
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

// A scalar constant.
template <typename T>
std::string ScalarConstant(ir::Graph& graph, const std::string& base, ir::DataType type, T value) {
  return graph.AddNewConstant(base, type, {}, ir::Buffer::Copy(&value, sizeof(T)));
}

// oneDNN's INT8 matmul takes no u8 second operand, and without VNNI its
// u8 x s8 pairs could saturate: a product of two INT8 run-time operands runs
// as an FP32 matmul of their dequantized values (what a QDQ runtime does),
// which differs from the INT8 formula by float rounding only; an INT8 output
// is quantized after it.
void RunOperandProductInFp32(ir::Graph& graph, ir::Node& node) {
  auto scalars = [&graph](const ir::TensorInfo& t) -> std::pair<std::string, std::string> {
    const int32_t z = t.quantization->zero_point();
    return {ScalarConstant(graph, t.name + "/scale", ir::DataType::kF32, t.quantization->scale()),
            t.dtype == ir::DataType::kU8
                ? ScalarConstant(graph, t.name + "/zp", t.dtype, static_cast<uint8_t>(z))
                : ScalarConstant(graph, t.name + "/zp", t.dtype, static_cast<int8_t>(z))};
  };
  for (std::string& in : node.inputs) {
    const ir::TensorInfo& t = *graph.FindTensor(in);
    const std::string values = graph.UniqueTensorName(in + "/f32");
    graph.AddTensor(values, ir::DataType::kF32, t.shape);
    const auto [scale, zp] = scalars(t);
    graph.AddNode(ir::Node{
        graph.UniqueNodeName(in + "/dequantize"), "DequantizeLinear", {in, scale, zp}, {values}, {}});
    in = values;
  }
  const ir::TensorInfo& y = *graph.FindTensor(node.outputs[0]);
  if (!ir::IsInt8(y.dtype)) return;
  const std::string product = graph.UniqueTensorName(node.outputs[0] + "/f32");
  graph.AddTensor(product, ir::DataType::kF32, y.shape);
  const auto [scale, zp] = scalars(y);
  graph.AddNode(ir::Node{graph.UniqueNodeName(y.name + "/quantize"),
                         "QuantizeLinear",
                         {product, scale, zp},
                         {node.outputs[0]},
                         {}});
  node.outputs[0] = product;
}

}  // namespace

absl::StatusOr<Int8Adaptation> AdaptInt8ToCpu(ir::Graph& graph, bool cpu_has_vnni) {
  Int8Adaptation done;
  if (cpu_has_vnni) return done;
  std::map<std::string, int32_t> shifted;
  for (const auto& [name, t] : graph.tensors()) {
    // Quantized activations only: plain s8 data (integer arithmetic) stays.
    if (t.is_constant() || t.dtype != ir::DataType::kS8 || !t.quantization.has_value()) continue;
    shifted[name] = ShiftOf(*t.quantization);
  }
  for (const auto& [name, shift] : shifted) {
    ir::TensorInfo& t = *graph.FindTensor(name);
    t.dtype = ir::DataType::kU8;
    if (t.quantization->per_channel()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "s8 tensor '", name, "' has no per-tensor quantization to move to u8"));
    }
    t.quantization->zero_points = {t.quantization->zero_point() + shift};
    if (t.quantization->narrowed()) {
      t.quantization->qmin += shift;
      t.quantization->qmax += shift;
    }
  }
  auto shift_of = [&](const std::string& tensor) {
    auto it = shifted.find(tensor);
    return it == shifted.end() ? 0 : it->second;
  };
  for (const auto& node : graph.nodes()) {
    const int in_shift = node->inputs.empty() ? 0 : shift_of(node->inputs[0]);
    const int out_shift = shift_of(node->outputs[0]);
    switch (ir::TraitsOf(node->op_type).quantization) {
      case ir::QuantizationRole::kQuantize:
        if (out_shift) ShiftZeroPointInput(graph, *node, 2, out_shift);
        break;
      case ir::QuantizationRole::kDequantize:
        if (in_shift) ShiftZeroPointInput(graph, *node, 2, in_shift);
        break;
      case ir::QuantizationRole::kRequantize:
        if (in_shift) ShiftZeroPointInput(graph, *node, 2, in_shift);
        if (out_shift) ShiftZeroPointInput(graph, *node, 4, out_shift);
        break;
      case ir::QuantizationRole::kCompute:
        if (NarrowWeights(graph, *node)) ++done.narrowed_weights;
        break;
      default: break;
    }
  }
  std::vector<ir::Node*> products;
  for (const auto& node : graph.nodes()) {
    if (ir::TraitsOf(node->op_type).quantization == ir::QuantizationRole::kOperandProduct &&
        ir::IsInt8(graph.FindTensor(node->inputs[0])->dtype)) {
      products.push_back(node.get());
    }
  }
  for (ir::Node* node : products) RunOperandProductInFp32(graph, *node);
  if (!products.empty()) MINT8_RETURN_IF_ERROR(graph.TopologicalSort());
  done.shifted_tensors = static_cast<int>(shifted.size());
  graph.RemoveUnusedTensors();
  return done;
}

}  // namespace mint8::runtime
