#include "quantization/passes/quantize_pass.h"

#include <cmath>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"

namespace mint8::quantization {
namespace {

std::string AddScalar(ir::Graph& graph, const std::string& base, float value) {
  const std::string name = graph.UniqueTensorName(base);
  graph.AddConstant(name, ir::DataType::kF32, {}, ir::Buffer::Copy(&value, sizeof(value)));
  return name;
}

std::string AddZeroPoint(ir::Graph& graph, const std::string& base, ir::DataType dtype, int32_t zp) {
  const std::string name = graph.UniqueTensorName(base);
  std::shared_ptr<ir::Buffer> b = ir::Buffer::Allocate(1);
  if (dtype == ir::DataType::kU8)
    b->mutable_data<uint8_t>()[0] = static_cast<uint8_t>(zp);
  else
    b->mutable_data<int8_t>()[0] = static_cast<int8_t>(zp);
  graph.AddConstant(name, dtype, {}, b);
  return name;
}

class Rewriter {
 public:
  Rewriter(const QuantizationPlan& plan, ir::Graph& graph) : plan_(plan), graph_(graph) {}

  absl::Status Run() {
    // Work on a snapshot of the node list: the rewrite adds nodes.
    std::vector<ir::Node*> nodes;
    for (const auto& n : graph_.nodes()) nodes.push_back(n.get());
    for (ir::Node* node : nodes) {
      if (plan_.int8_nodes.count(node->name)) {
        MINT8_RETURN_IF_ERROR(RewriteInt8Node(*node));
      } else {
        for (std::string& in : node->inputs) {
          if (!in.empty() && plan_.int8_nodes.count(ProducerName(in))) in = Dequantized(in);
        }
      }
    }
    for (std::string& out : graph_.outputs()) {
      if (plan_.int8_nodes.count(ProducerName(out))) out = Dequantized(out);
    }
    return graph_.TopologicalSort();
  }

 private:
  std::string ProducerName(const std::string& tensor) {
    auto it = producer_.find(tensor);
    if (it != producer_.end()) return it->second;
    const ir::Node* p = graph_.Producer(tensor);
    return producer_[tensor] = p != nullptr ? p->name : "";
  }

  const TensorPlan& Plan(const std::string& tensor) const { return plan_.tensors.at(tensor); }

  // The INT8 name of a tensor the INT8 region produces. Graph outputs keep
  // their name for the dequantized f32 version.
  std::string Int8Name(const std::string& tensor) {
    return graph_.IsGraphOutput(tensor) ? tensor + "/int8" : tensor;
  }

  // An f32 tensor entering the INT8 region, quantized once.
  std::string Quantized(const std::string& tensor) {
    auto it = quantized_.find(tensor);
    if (it != quantized_.end()) return it->second;
    const TensorPlan& p = Plan(tensor);
    const std::string out = graph_.UniqueTensorName(tensor + "/quantized");
    graph_.AddTensor(out, p.dtype, graph_.FindTensor(tensor)->shape).quantization = p.quantization;
    graph_.AddNode(ir::Node{graph_.UniqueNodeName(out),
                            "QuantizeLinear",
                            {tensor, AddScalar(graph_, out + "/scale", p.quantization.scales[0]),
                             AddZeroPoint(graph_, out + "/zero_point", p.dtype, 0)},
                            {out},
                            {}});
    return quantized_[tensor] = out;
  }

  // An INT8 tensor leaving the INT8 region, dequantized once.
  std::string Dequantized(const std::string& tensor) {
    auto it = dequantized_.find(tensor);
    if (it != dequantized_.end()) return it->second;
    const TensorPlan& p = Plan(tensor);
    const std::string int8 = Int8Name(tensor);
    const std::string out = int8 == tensor ? graph_.UniqueTensorName(tensor + "/dequantized") : tensor;
    graph_.AddTensor(out, ir::DataType::kF32, graph_.FindTensor(int8)->shape);
    graph_.AddNode(ir::Node{graph_.UniqueNodeName(out + "/dequantize"),
                            "DequantizeLinear",
                            {int8, AddScalar(graph_, out + "/scale", p.quantization.scales[0]),
                             AddZeroPoint(graph_, out + "/zero_point", p.dtype, 0)},
                            {out},
                            {}});
    return dequantized_[tensor] = out;
  }

  // The name an INT8 node reads `tensor` under.
  std::string Int8Input(const std::string& tensor) {
    return plan_.int8_nodes.count(ProducerName(tensor)) ? Int8Name(tensor) : Quantized(tensor);
  }

  absl::Status RewriteInt8Node(ir::Node& node) {
    const ir::QuantizationRole role = ir::TraitsOf(node.op_type).quantization;
    const bool compute = role == ir::QuantizationRole::kCompute;
    if (role == ir::QuantizationRole::kScaledProduct) {
      RewriteScaledProductInputs(node);
    } else {
      const int sum = ir::SumInputIndex(node);
      for (size_t i = 0; i < node.inputs.size(); ++i) {
        std::string& in = node.inputs[i];
        if (in.empty() || graph_.FindConstant(in) != nullptr) continue;
        if (compute && i != 0 && static_cast<int>(i) != sum) continue;
        in = Int8Input(in);
      }
    }
    if (compute) MINT8_RETURN_IF_ERROR(QuantizeParameters(node));
    const std::string out = node.outputs[0];
    const TensorPlan& p = Plan(out);
    const std::string int8 = Int8Name(out);
    ir::Shape shape = graph_.FindTensor(out)->shape;
    graph_.AddTensor(int8, p.dtype, shape).quantization = p.quantization;
    producer_[out] = node.name;
    producer_[int8] = node.name;
    node.outputs[0] = int8;
    return absl::OkStatus();
  }

  // A scaled product reads its data (an INT8 operand of the output's shape)
  // as INT8 and its factor in f32: a small gate keeps its precision, written
  // in f32 by its producer once the squash pass folds the dequantization.
  void RewriteScaledProductInputs(ir::Node& node) {
    bool data_found = false;
    for (std::string& in : node.inputs) {
      if (graph_.FindConstant(in) != nullptr || !plan_.int8_nodes.count(ProducerName(in))) continue;
      if (!data_found && graph_.FindTensor(in)->shape == graph_.FindTensor(node.outputs[0])->shape) {
        data_found = true;
        in = Int8Name(in);
      } else {
        in = Dequantized(in);
      }
    }
  }

  absl::Status QuantizeParameters(ir::Node& node) {
    const ir::TensorInfo& w = *graph_.FindConstant(node.inputs[1]);
    const int axis = ir::TraitsOf(node.op_type).weight_output_axis(node);
    ir::Quantization wq;
    auto grid = plan_.weight_grids.find(node.inputs[1]);
    std::shared_ptr<ir::Buffer> values = QuantizeWeights(
        w, axis, plan_.weight_bits, grid != plan_.weight_grids.end() ? &grid->second : nullptr, wq);
    const std::string w_name = graph_.UniqueTensorName(node.inputs[1] + "/int8");
    graph_.AddConstant(w_name, ir::DataType::kS8, w.shape.Sizes(), values).quantization = wq;
    const float sx = graph_.FindTensor(node.inputs[0])->quantization->scale();
    std::vector<float> corrected = CorrectedBias(node, w, wq, values->data<int8_t>(), axis);
    if (!corrected.empty()) {
      const std::string name = graph_.UniqueTensorName(node.name + "/corrected_bias");
      graph_.AddConstant(name, ir::DataType::kF32, {static_cast<int64_t>(corrected.size())},
                         ir::Buffer::Copy(corrected.data(), corrected.size() * sizeof(float)));
      node.inputs.resize(std::max<size_t>(node.inputs.size(), 3));
      node.inputs[2] = name;
    }
    if (node.has_input(2)) {
      const ir::TensorInfo& b = *graph_.FindConstant(node.inputs[2]);
      const auto bias = b.data->span<float>();
      std::shared_ptr<ir::Buffer> q = ir::Buffer::Allocate(bias.size() * sizeof(int32_t));
      ir::Quantization bq;
      for (size_t c = 0; c < bias.size(); ++c) {
        const double scale = static_cast<double>(sx) * wq.scale(static_cast<int64_t>(c));
        const double v = std::nearbyint(bias[c] / scale);
        q->mutable_data<int32_t>()[c] = static_cast<int32_t>(
            std::clamp<double>(v, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()));
        bq.scales.push_back(static_cast<float>(scale));
      }
      bq.zero_points = {0};
      const std::string b_name = graph_.UniqueTensorName(node.inputs[2] + "/int32");
      graph_.AddConstant(b_name, ir::DataType::kS32, b.shape.Sizes(), q).quantization = bq;
      node.inputs[2] = b_name;
    }
    node.inputs[1] = w_name;
    return absl::OkStatus();
  }

  // The node's bias minus the mean output error of its quantized weights, or
  // empty when the plan has no input means for it.
  std::vector<float> CorrectedBias(const ir::Node& node, const ir::TensorInfo& w, const ir::Quantization& wq,
                                   const int8_t* q, int axis) {
    auto it = plan_.input_channel_means.find(node.name);
    if (it == plan_.input_channel_means.end()) return {};
    const std::vector<double>& mean = it->second;
    const ir::Dims d = w.shape.Sizes();
    const float* wf = w.data->data<float>();
    const int64_t outputs = d[axis];
    std::vector<double> shift(outputs, 0.0);
    if (d.size() == 4) {
      // A transposed convolution's outputs gather different numbers of taps:
      // no per-channel shift corrects them all.
      if (axis != 0) return {};
      // [M, C/group, kH, kW]; input channel = group * C/group + c.
      const int64_t group = node.attributes.GetInt("group", 1);
      const int64_t per_group_out = d[0] / group, cg = d[1], k = d[2] * d[3];
      if (static_cast<int64_t>(mean.size()) != cg * group) return {};
      for (int64_t m = 0; m < d[0]; ++m) {
        for (int64_t c = 0; c < cg; ++c) {
          const double mu = mean[(m / per_group_out) * cg + c];
          for (int64_t i = 0; i < k; ++i) {
            const int64_t at = (m * cg + c) * k + i;
            shift[m] += (q[at] * static_cast<double>(wq.scale(m)) - wf[at]) * mu;
          }
        }
      }
    } else {
      // [N, K] (axis 0) or [K, N] (axis 1); input feature = k.
      const int64_t k_dim = axis == 0 ? d[1] : d[0];
      if (static_cast<int64_t>(mean.size()) != k_dim) return {};
      for (int64_t j = 0; j < outputs; ++j) {
        for (int64_t k = 0; k < k_dim; ++k) {
          const int64_t at = axis == 0 ? j * k_dim + k : k * outputs + j;
          shift[j] += (q[at] * static_cast<double>(wq.scale(j)) - wf[at]) * mean[k];
        }
      }
    }
    std::vector<float> bias(outputs, 0.f);
    if (node.has_input(2)) {
      const auto b = graph_.FindConstant(node.inputs[2])->data->span<float>();
      for (int64_t j = 0; j < outputs; ++j) bias[j] = b[b.size() == 1 ? 0 : j];
    }
    for (int64_t j = 0; j < outputs; ++j) bias[j] = static_cast<float>(bias[j] - shift[j]);
    return bias;
  }

  const QuantizationPlan& plan_;
  ir::Graph& graph_;
  std::map<std::string, std::string> producer_;
  std::map<std::string, std::string> quantized_;
  std::map<std::string, std::string> dequantized_;
};

}  // namespace

std::shared_ptr<ir::Buffer> QuantizeWeights(const ir::TensorInfo& w, int axis, int bits,
                                            const ir::Quantization* grid, ir::Quantization& q) {
  const ir::Dims dims = w.shape.Sizes();
  const int64_t channels = dims[axis];
  int64_t inner = 1;
  for (size_t d = axis + 1; d < dims.size(); ++d) inner *= dims[d];
  const int64_t n = ir::NumElements(dims);
  const float limit = static_cast<float>((1 << (bits - 1)) - 1);
  const float* src = w.data->data<float>();
  const bool use_grid =
      grid != nullptr &&
      (!grid->per_channel() || (grid->axis == axis && static_cast<int64_t>(grid->scales.size()) == channels));
  std::vector<float> abs_max(channels, 0.f);
  std::vector<bool> on_grid(channels, use_grid);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t c = (i / inner) % channels;
    abs_max[c] = std::max(abs_max[c], std::fabs(src[i]));
    if (on_grid[c]) {
      const float v = src[i] / grid->scale(c);
      on_grid[c] = std::fabs(v - std::nearbyint(v)) < 1e-3f && std::fabs(v) <= limit;
    }
  }
  q.scales.resize(channels);
  q.zero_points = {0};
  q.axis = axis;
  for (int64_t c = 0; c < channels; ++c) {
    q.scales[c] = on_grid[c] ? grid->scale(c) : abs_max[c] > 0 ? abs_max[c] / limit : 1.f;
  }
  std::shared_ptr<ir::Buffer> out = ir::Buffer::Allocate(n);
  for (int64_t i = 0; i < n; ++i) {
    const float v = std::nearbyint(src[i] / q.scales[(i / inner) % channels]);
    out->mutable_data<int8_t>()[i] = static_cast<int8_t>(std::clamp(v, -limit, limit));
  }
  return out;
}

absl::Status QuantizeGraph(const QuantizationPlan& plan, ir::Graph& graph) {
  MINT8_RETURN_IF_ERROR(Rewriter(plan, graph).Run());
  graph.RemoveUnusedTensors();
  return absl::OkStatus();
}

}  // namespace mint8::quantization
