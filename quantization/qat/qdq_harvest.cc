#include "quantization/qat/qdq_harvest.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "ir/tensor_view.h"
#include "kernels/reference/quantization.h"

namespace mint8::quantization {
namespace {

namespace ref = kernels::reference;

ir::ConstTensorView ConstantView(const ir::TensorInfo& t) {
  return {t.dtype, t.shape.Sizes(), t.data->data()};
}

struct QdqParams {
  const ir::TensorInfo* scale = nullptr;
  const ir::TensorInfo* zero_point = nullptr;  // may be null (u8, zero)
  int64_t axis = 1;
};

absl::StatusOr<QdqParams> ReadParams(const ir::Graph& graph, const ir::Node& node, int rank) {
  QdqParams p;
  p.scale = graph.FindConstant(node.inputs[1]);
  if (p.scale == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(node.op_type, " '", node.name, "': the scale must be a constant"));
  }
  if (node.has_input(2)) {
    p.zero_point = graph.FindConstant(node.inputs[2]);
    if (p.zero_point == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(node.op_type, " '", node.name, "': the zero point must be a constant"));
    }
    if (p.zero_point->dtype != ir::DataType::kU8 && p.zero_point->dtype != ir::DataType::kS8) {
      return absl::InvalidArgumentError(absl::StrCat(node.op_type, " '", node.name,
                                                     "': only uint8 and int8 zero points are supported"));
    }
  }
  p.axis = node.attributes.GetInt("axis", 1);
  if (p.axis < 0) p.axis += rank;
  return p;
}

ir::DataType QuantizedType(const QdqParams& p) {
  return p.zero_point != nullptr ? p.zero_point->dtype : ir::DataType::kU8;
}

// The FP32 values DQ produces from a constant chain (int initializer -> DQ,
// or float initializer -> Q -> DQ).
absl::StatusOr<std::shared_ptr<ir::Buffer>> FoldWeights(const ir::Graph& graph, const ir::Node* q,
                                                        const ir::Node& dq) {
  const ir::TensorInfo& source = *graph.FindConstant(q != nullptr ? q->inputs[0] : dq.inputs[0]);
  const ir::Dims dims = source.shape.Sizes();
  const int rank = static_cast<int>(dims.size());
  const int64_t n = source.shape.NumElements();
  MINT8_ASSIGN_OR_RETURN(QdqParams dq_params, ReadParams(graph, dq, rank));
  auto zp_view = [](const QdqParams& p, ir::ConstTensorView& v) -> const ir::ConstTensorView* {
    if (p.zero_point == nullptr) return nullptr;
    v = ConstantView(*p.zero_point);
    return &v;
  };
  ir::ConstTensorView integers = ConstantView(source);
  std::shared_ptr<ir::Buffer> quantized;
  if (q != nullptr) {
    MINT8_ASSIGN_OR_RETURN(QdqParams q_params, ReadParams(graph, *q, rank));
    const ir::DataType type = QuantizedType(q_params);
    quantized = ir::Buffer::Allocate(n * ir::DataTypeSize(type));
    ir::ConstTensorView zp;
    MINT8_RETURN_IF_ERROR(ref::QuantizeLinear(ConstantView(source), ConstantView(*q_params.scale),
                                              zp_view(q_params, zp), q_params.axis,
                                              {type, dims, quantized->mutable_data<uint8_t>()}));
    integers = {type, dims, quantized->data()};
  }
  auto weights = ir::Buffer::Allocate(n * sizeof(float));
  ir::ConstTensorView zp;
  MINT8_RETURN_IF_ERROR(ref::DequantizeLinear(integers, ConstantView(*dq_params.scale), zp_view(dq_params, zp),
                                              dq_params.axis, {ir::DataType::kF32, dims, weights->mutable_data<float>()}));
  return weights;
}

// The range of x as far as its producers bound it: a Clip right before the
// QuantizeLinear (how exported 7-bit ranges are written), or ops that keep
// the range of inputs whose ranges are harvested or bounded the same way
// (a concatenation reshaped and transposed, as a channel shuffle is
// exported).
std::optional<std::pair<double, double>> ProducerRange(const ir::Graph& graph, const std::string& x,
                                                       const std::map<std::string, HarvestedScale>& scales) {
  const ir::Node* producer = graph.Producer(x);
  if (producer == nullptr) return std::nullopt;
  const ir::OpTraits& traits = ir::TraitsOf(producer->op_type);
  const std::optional<ir::PostOp> activation =
      traits.activation != nullptr ? traits.activation(producer->attributes) : std::nullopt;
  if (activation && activation->kind == ir::PostOpKind::kClip)
    return std::make_pair(activation->alpha, activation->beta);
  if (!traits.range_keeping) return std::nullopt;
  double lo = traits.range_includes_zero ? 0.0 : HUGE_VAL;
  double hi = traits.range_includes_zero ? 0.0 : -HUGE_VAL;
  for (const std::string& in : producer->inputs) {
    if (in.empty() || graph.FindConstant(in) != nullptr) continue;
    auto it = scales.find(in);
    std::optional<std::pair<double, double>> range;
    if (it != scales.end()) {
      range = std::make_pair(it->second.lowest(), it->second.highest());
    } else {
      range = ProducerRange(graph, in, scales);
    }
    if (!range) return std::nullopt;
    lo = std::min(lo, range->first);
    hi = std::max(hi, range->second);
  }
  return std::make_pair(lo, hi);
}

void NarrowToProducerRange(const ir::Graph& graph, const std::string& x,
                           const std::map<std::string, HarvestedScale>& scales, HarvestedScale& h) {
  if (const auto range = ProducerRange(graph, x, scales)) {
    h.clip_min = range->first;
    h.clip_max = range->second;
  }
}

absl::Status HarvestActivation(ir::Graph& graph, const ir::Node& q, ir::Node& dq,
                               std::map<std::string, HarvestedScale>& scales) {
  MINT8_ASSIGN_OR_RETURN(QdqParams qp, ReadParams(graph, q, 4));
  MINT8_ASSIGN_OR_RETURN(QdqParams dp, ReadParams(graph, dq, 4));
  auto scalar = [](const ir::TensorInfo* t) { return t->shape.NumElements() == 1; };
  if (!scalar(qp.scale) || !scalar(dp.scale)) {
    return absl::UnimplementedError(absl::StrCat("QuantizeLinear '", q.name,
                                                 "': per-channel activation scales are not supported"));
  }
  auto zero_point = [](const QdqParams& p) -> int32_t {
    if (p.zero_point == nullptr) return 0;
    return p.zero_point->dtype == ir::DataType::kU8 ? p.zero_point->data->data<uint8_t>()[0]
                                                    : p.zero_point->data->data<int8_t>()[0];
  };
  HarvestedScale h;
  h.scale = qp.scale->data->data<float>()[0];
  h.zero_point = zero_point(qp);
  h.dtype = QuantizedType(qp);
  if (dp.scale->data->data<float>()[0] != h.scale || zero_point(dp) != h.zero_point) {
    return absl::UnimplementedError(absl::StrCat("DequantizeLinear '", dq.name, "' does not use the scale and zero point of QuantizeLinear '", q.name, "'"));
  }
  if (!(h.scale > 0) || !std::isfinite(h.scale)) {
    return absl::InvalidArgumentError(absl::StrCat("QuantizeLinear '", q.name, "': scale ", h.scale, " is not a positive number"));
  }
  const std::string x = q.inputs[0];
  NarrowToProducerRange(graph, x, scales, h);
  // Several pairs may quantize the same tensor: keep the widest range.
  auto it = scales.find(x);
  if (it == scales.end() || h.highest() - h.lowest() > it->second.highest() - it->second.lowest()) scales[x] = h;
  scales[dq.outputs[0]] = scales[x];
  dq.op_type = "Identity";
  dq.inputs = {x};
  dq.attributes = {};
  return absl::OkStatus();
}

}  // namespace

double HarvestedScale::lowest() const {
  const int32_t qmin = dtype == ir::DataType::kU8 ? 0 : -128;
  return std::max(static_cast<double>(qmin - zero_point) * scale, clip_min);
}

double HarvestedScale::highest() const {
  const int32_t qmax = dtype == ir::DataType::kU8 ? 255 : 127;
  return std::min(static_cast<double>(qmax - zero_point) * scale, clip_max);
}

bool HasQdqNodes(const ir::Graph& graph) {
  for (const auto& node : graph.nodes()) {
    const ir::QuantizationRole role = ir::TraitsOf(node->op_type).quantization;
    if (role == ir::QuantizationRole::kQuantize || role == ir::QuantizationRole::kDequantize) return true;
  }
  return false;
}

absl::StatusOr<HarvestedScales> HarvestQdqScales(ir::Graph& graph) {
  HarvestedScales scales;
  std::vector<std::string> dequantizes;
  for (const auto& node : graph.nodes()) {
    if (ir::TraitsOf(node->op_type).quantization == ir::QuantizationRole::kDequantize) {
      dequantizes.push_back(node->name);
    }
  }
  std::vector<std::string> folded;
  for (const std::string& name : dequantizes) {
    ir::Node& dq = *graph.FindNode(name);
    const ir::Node* q = graph.Producer(dq.inputs[0]);
    if (q != nullptr && ir::TraitsOf(q->op_type).quantization != ir::QuantizationRole::kQuantize) {
      return absl::UnimplementedError(absl::StrCat("DequantizeLinear '", dq.name, "' reads '", dq.inputs[0],
                                                   "', computed by ", q->op_type, " '", q->name,
                                                   "'; only QuantizeLinear->DequantizeLinear pairs and "
                                                   "quantized initializers are converted"));
    }
    const bool constant = q == nullptr ? graph.FindConstant(dq.inputs[0]) != nullptr
                                       : graph.FindConstant(q->inputs[0]) != nullptr;
    if (q == nullptr && !constant) {
      return absl::UnimplementedError(absl::StrCat("DequantizeLinear '", dq.name, "' reads the graph input '",
                                                   dq.inputs[0], "'; integer model inputs are not supported"));
    }
    if (!constant) {
      MINT8_RETURN_IF_ERROR(HarvestActivation(graph, *q, dq, scales.activations));
      continue;
    }
    MINT8_ASSIGN_OR_RETURN(std::shared_ptr<ir::Buffer> weights, FoldWeights(graph, q, dq));
    const ir::TensorInfo& source = *graph.FindConstant(q != nullptr ? q->inputs[0] : dq.inputs[0]);
    graph.AddConstant(dq.outputs[0], ir::DataType::kF32, source.shape.Sizes(), std::move(weights));
    MINT8_ASSIGN_OR_RETURN(QdqParams grid, ReadParams(graph, dq, source.shape.rank()));
    const auto steps = grid.scale->data->span<float>();
    ir::Quantization& w = scales.weights[dq.outputs[0]];
    w.scales.assign(steps.begin(), steps.end());
    w.axis = static_cast<int>(grid.axis);
    folded.push_back(name);
  }
  for (const std::string& name : folded) graph.RemoveNode(graph.FindNode(name));
  // Activation pairs now read x itself and weight chains are folded, so a
  // QuantizeLinear still in use feeds something other than a DequantizeLinear.
  std::vector<const ir::Node*> unused;
  for (const auto& node : graph.nodes()) {
    if (ir::TraitsOf(node->op_type).quantization != ir::QuantizationRole::kQuantize) continue;
    if (graph.IsGraphOutput(node->outputs[0])) {
      return absl::UnimplementedError(
          absl::StrCat("QuantizeLinear '", node->name, "' writes a model output; integer outputs are not supported"));
    }
    const std::vector<ir::Node*> consumers = graph.Consumers(node->outputs[0]);
    if (!consumers.empty()) {
      return absl::UnimplementedError(absl::StrCat("QuantizeLinear '", node->name, "' feeds ", consumers[0]->op_type,
                                                   " '", consumers[0]->name,
                                                   "' directly; only QuantizeLinear->DequantizeLinear pairs "
                                                   "are converted"));
    }
    unused.push_back(node.get());
  }
  for (const ir::Node* n : unused) graph.RemoveNode(n);
  graph.RemoveUnusedTensors();
  return scales;
}

}  // namespace mint8::quantization
