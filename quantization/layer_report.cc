#include "quantization/layer_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "ir/buffer.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "runtime/session.h"

namespace mint8::quantization {
namespace {

// `graph` with `tensors` as its outputs, compiled for one image at a time.
// An INT8 tensor is observed through a DequantizeLinear appended here, so
// the runtime's own INT8 encoding (int8_encoding.h) never shows.
absl::StatusOr<std::unique_ptr<runtime::Session>> ObservingSession(const ir::Graph& graph,
                                                                   const std::vector<std::string>& tensors) {
  ir::Graph observed = graph;
  observed.outputs().clear();
  for (const std::string& name : tensors) {
    const ir::TensorInfo* t = graph.FindTensor(name);
    if (t == nullptr || !ir::IsInt8(t->dtype) || !t->quantization.has_value()) {
      observed.outputs().push_back(name);
      continue;
    }
    const float scale = t->quantization->scale();
    const std::string scale_name = observed.UniqueTensorName(name + "/report_scale");
    observed.AddConstant(scale_name, ir::DataType::kF32, {}, ir::Buffer::Copy(&scale, sizeof(scale)));
    std::shared_ptr<ir::Buffer> zero = ir::Buffer::Allocate(1);
    zero->mutable_data<uint8_t>()[0] = static_cast<uint8_t>(t->quantization->zero_point());
    const std::string zero_name = observed.UniqueTensorName(name + "/report_zero_point");
    observed.AddConstant(zero_name, t->dtype, {}, zero);
    const std::string out = observed.UniqueTensorName(name + "/report_f32");
    observed.AddTensor(out, ir::DataType::kF32, t->shape);
    observed.AddNode(ir::Node{observed.UniqueNodeName(out + "/dequantize"),
                              "DequantizeLinear",
                              {name, scale_name, zero_name},
                              {out},
                              {}});
    observed.outputs().push_back(out);
  }
  runtime::SessionOptions options;
  options.adapt_threads = false;
  return runtime::Session::Create(observed, options);
}

// Runs image `input`; every output is f32.
absl::StatusOr<std::vector<std::vector<float>>> RunAsFloats(const runtime::Session& session,
                                                            const std::vector<float>& input) {
  const runtime::TensorSpec& in_spec = session.inputs()[0];
  ir::ConstTensorView in{ir::DataType::kF32, in_spec.dims, input.data()};
  std::vector<std::vector<float>> values;
  std::vector<ir::MutableTensorView> views;
  for (const runtime::TensorSpec& spec : session.outputs()) {
    if (spec.dtype != ir::DataType::kF32) {
      return absl::InvalidArgumentError("layer report: tensor '" + spec.name + "' is neither f32 nor INT8");
    }
    values.emplace_back(ir::NumElements(spec.dims));
  }
  for (size_t t = 0; t < values.size(); ++t) {
    views.push_back({ir::DataType::kF32, session.outputs()[t].dims, values[t].data()});
  }
  MINT8_RETURN_IF_ERROR(session.Run({&in, 1}, views));
  return values;
}

void AddWeightRanges(const ir::Graph& prepared, const ir::Node& node, LayerReportEntry& entry) {
  const ir::TensorInfo* w = node.has_input(1) ? prepared.FindTensor(node.inputs[1]) : nullptr;
  if (w == nullptr || !w->is_constant() || w->dtype != ir::DataType::kF32 || !w->shape.IsFullyKnown()) return;
  const ir::Dims dims = w->shape.Sizes();
  const auto weight_axis = ir::TraitsOf(node.op_type).weight_output_axis;
  if (weight_axis == nullptr) return;
  const int axis = weight_axis(node);
  if (axis < 0 || axis >= static_cast<int>(dims.size())) return;
  int64_t outer = 1, inner = 1;
  for (int d = 0; d < axis; ++d) outer *= dims[d];
  for (size_t d = axis + 1; d < dims.size(); ++d) inner *= dims[d];
  const int64_t channels = dims[axis];
  entry.weight_min.assign(channels, std::numeric_limits<float>::infinity());
  entry.weight_max.assign(channels, -std::numeric_limits<float>::infinity());
  const float* data = w->data->data<float>();
  for (int64_t o = 0; o < outer; ++o) {
    for (int64_t c = 0; c < channels; ++c) {
      const float* run = data + (o * channels + c) * inner;
      const auto [lo, hi] = std::minmax_element(run, run + inner);
      entry.weight_min[c] = std::min(entry.weight_min[c], *lo);
      entry.weight_max[c] = std::max(entry.weight_max[c], *hi);
    }
  }
}

void AddCalibration(const StatisticsMap& stats, LayerReportEntry& entry) {
  const auto it = stats.find(entry.output);
  if (it == stats.end()) return;
  const TensorStatistics& s = it->second;
  entry.observed_min = s.min();
  entry.observed_max = s.max();
  entry.histogram_range = s.range();
  entry.histogram.assign(kReportBins, 0.0);
  const int per_bin = TensorStatistics::kBins / kReportBins;
  for (int b = 0; b < TensorStatistics::kBins; ++b) entry.histogram[b / per_bin] += s.histogram()[b];
}

void AddInt8Output(const ir::Graph& int8, const ir::Node* node, LayerReportEntry& entry) {
  const ir::TensorInfo* out = node != nullptr ? int8.FindTensor(node->outputs[0]) : nullptr;
  entry.output_type = out == nullptr ? "f32" : std::string(ir::DataTypeName(out->dtype));
  entry.int8 = out != nullptr && ir::IsInt8(out->dtype) && out->quantization.has_value();
  if (!entry.int8) return;
  const ir::Quantization& q = *out->quantization;
  const int32_t qmax = q.narrowed() ? q.qmax : out->dtype == ir::DataType::kS8 ? 127 : 255;
  entry.threshold = q.scale() * static_cast<float>(qmax - q.zero_point());
}

}  // namespace

absl::StatusOr<LayerReport> BuildLayerReport(const ir::Graph& prepared, const ir::Graph& int8,
                                             const StatisticsMap& stats, const QuantizationReport& report,
                                             const CalibrationImages& images) {
  if (prepared.inputs().size() != 1) return absl::InvalidArgumentError("layer report: one input expected");
  LayerReport result;
  result.images = images.count;
  std::vector<std::string> fp32_tensors, int8_tensors;
  std::vector<size_t> observed;  // entries whose output both models expose
  std::map<std::string, const ir::Node*> int8_nodes;
  for (const auto& node : int8.nodes()) int8_nodes[node->name] = node.get();
  for (const auto& node : prepared.nodes()) {
    if (!ir::IsInt8ComputeOp(*node)) continue;
    LayerReportEntry entry;
    entry.node = node->name;
    entry.op_type = node->op_type;
    entry.output = node->outputs[0];
    const auto found = int8_nodes.find(node->name);
    const ir::Node* quantized = found != int8_nodes.end() ? found->second : nullptr;
    AddInt8Output(int8, quantized, entry);
    if (!entry.int8) {
      const auto why = report.fp32_compute_nodes.find(node->name);
      entry.fp32_reason = why != report.fp32_compute_nodes.end() ? why->second : "not quantized";
    }
    AddCalibration(stats, entry);
    AddWeightRanges(prepared, *node, entry);
    entry.sqnr_db = std::numeric_limits<double>::quiet_NaN();
    if (quantized != nullptr && int8.FindTensor(quantized->outputs[0]) != nullptr) {
      observed.push_back(result.layers.size());
      fp32_tensors.push_back(entry.output);
      int8_tensors.push_back(quantized->outputs[0]);
    }
    result.layers.push_back(std::move(entry));
  }
  if (observed.empty() || images.count <= 0) return result;
  MINT8_ASSIGN_OR_RETURN(auto fp32_session, ObservingSession(prepared, fp32_tensors));
  MINT8_ASSIGN_OR_RETURN(auto int8_session, ObservingSession(int8, int8_tensors));
  std::vector<double> signal(observed.size(), 0.0), noise(observed.size(), 0.0);
  std::vector<float> input(ir::NumElements(fp32_session->inputs()[0].dims));
  for (int64_t i = 0; i < images.count; ++i) {
    MINT8_RETURN_IF_ERROR(images.load(i, input.data()));
    MINT8_ASSIGN_OR_RETURN(const auto fp32, RunAsFloats(*fp32_session, input));
    MINT8_ASSIGN_OR_RETURN(const auto q, RunAsFloats(*int8_session, input));
    for (size_t t = 0; t < observed.size(); ++t) {
      for (size_t k = 0; k < fp32[t].size() && k < q[t].size(); ++k) {
        signal[t] += static_cast<double>(fp32[t][k]) * fp32[t][k];
        noise[t] += static_cast<double>(fp32[t][k] - q[t][k]) * (fp32[t][k] - q[t][k]);
      }
    }
  }
  for (size_t t = 0; t < observed.size(); ++t) {
    result.layers[observed[t]].sqnr_db =
        noise[t] == 0 ? std::numeric_limits<double>::infinity() : 10 * std::log10(signal[t] / noise[t]);
  }
  return result;
}

}  // namespace mint8::quantization
