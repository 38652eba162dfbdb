#include "quantization/quantizer.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/pass_manager.h"
#include "ir/passes/cleanup_passes.h"
#include "ir/shape_inference.h"
#include "ir/status_macros.h"
#include "ir/verifier.h"
#include "kernels/onednn/engine.h"
#include "quantization/passes/placement.h"
#include "quantization/passes/quantize_pass.h"
#include "quantization/passes/squash_pass.h"
#include "quantization/propagation/scale_propagation.h"
#include "runtime/graph_optimizer.h"
#include "runtime/specialization.h"

namespace mint8::quantization {

namespace {

// No constant may hold NaN, and weights and biases no infinity either: a
// NaN range quantizes to nonsense without any error, an infinite one to
// zeros. Checked before calibration starts.
absl::Status CheckWeightsFinite(const ir::Graph& g) {
  for (const auto& node : g.nodes()) {
    const bool weights = ir::TraitsOf(node->op_type).weight_output_axis != nullptr;
    for (size_t i = 0; i < node->inputs.size(); ++i) {
      const ir::TensorInfo* t = g.FindConstant(node->inputs[i]);
      if (t == nullptr || t->dtype != ir::DataType::kF32) continue;
      const auto values = t->data->span<float>();
      const auto bad = std::find_if(values.begin(), values.end(), [&](float v) {
        return std::isnan(v) || (weights && i > 0 && std::isinf(v));
      });
      if (bad != values.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            node->op_type, " node '", node->name, "': constant input ", i, " ('", node->inputs[i], "') holds ",
            std::isnan(*bad) ? "NaN" : "an infinity", " at element ", bad - values.begin(),
            "; the model cannot be quantized"));
      }
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ir::Graph> PrepareForQuantization(const ir::Graph& model,
                                                 const std::map<std::string, ir::Dims>& input_shapes) {
  ir::Graph g = model;
  MINT8_RETURN_IF_ERROR(runtime::SpecializeGraph(g, input_shapes, 0));
  MINT8_RETURN_IF_ERROR(runtime::OptimizeForInference(g));
  MINT8_RETURN_IF_ERROR(ir::Verify(g));
  MINT8_RETURN_IF_ERROR(CheckWeightsFinite(g));
  return g;
}

absl::StatusOr<PreparedQatModel> PrepareQatModel(const ir::Graph& model,
                                                 const std::map<std::string, ir::Dims>& input_shapes) {
  ir::Graph g = model;
  MINT8_ASSIGN_OR_RETURN(HarvestedScales scales, HarvestQdqScales(g));
  MINT8_ASSIGN_OR_RETURN(ir::Graph prepared, PrepareForQuantization(g, input_shapes));
  PreparedQatModel result{std::move(prepared), {}};
  for (auto& [tensor, scale] : scales.activations) {
    if (result.graph.FindTensor(tensor) != nullptr) result.scales.activations[tensor] = scale;
  }
  for (auto& [tensor, grid] : scales.weights) {
    if (result.graph.FindConstant(tensor) != nullptr) result.scales.weights[tensor] = grid;
  }
  return result;
}

namespace {

// QAT without calibration: INT8 nodes touching a scale group that has neither
// a harvested scale nor statistics run FP32, except a Conv/Gemm producing the
// tensor, which stays INT8 and writes f32 (plan.float_outputs). Repeated
// because removing a node splits groups.
void KeepNodesWithKnownScales(const ir::Graph& graph, const StatisticsMap& stats,
                              const HarvestedScales& harvested, QuantizationPlan& plan) {
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [root, tensors] : ScaleGroups(graph, plan)) {
      const bool known = std::any_of(tensors.begin(), tensors.end(), [&](const std::string& t) {
        return harvested.activations.count(t) > 0 || stats.count(t) > 0;
      });
      if (known) continue;
      const std::set<std::string> members(tensors.begin(), tensors.end());
      for (const auto& node : graph.nodes()) {
        if (!plan.int8_nodes.count(node->name)) continue;
        bool touches = members.count(node->outputs[0]) > 0;
        for (const std::string& in : node->inputs) touches = touches || members.count(in) > 0;
        if (!touches) continue;
        const bool compute = ir::IsInt8ComputeOp(*node);
        if (compute && members.count(node->outputs[0]) && !members.count(node->inputs[0]) &&
            ir::SumInputIndex(*node) < 0) {
          plan.float_outputs.insert(node->outputs[0]);
          continue;
        }
        plan.int8_nodes.erase(node->name);
        plan.fp32_reasons[node->name] =
            absl::StrCat("no QDQ scale and no calibration data for tensor '", tensors[0], "'");
        changed = true;
      }
    }
  }
}

}  // namespace

absl::string_view Int8TargetName(Int8Target target) {
  switch (target) {
    case Int8Target::kHost: return "host";
    case Int8Target::kVnni: return "vnni";
    case Int8Target::kAvx2: return "avx2";
  }
  return "host";
}

absl::StatusOr<Int8Target> ParseInt8Target(absl::string_view name) {
  for (Int8Target t : {Int8Target::kHost, Int8Target::kVnni, Int8Target::kAvx2}) {
    if (name == Int8TargetName(t)) return t;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown INT8 target '", name, "' (host, vnni or avx2)"));
}

bool TargetHasVnni(Int8Target target) {
  return target == Int8Target::kHost ? kernels::onednn::OnednnHasInt8Vnni() : target == Int8Target::kVnni;
}

std::pair<int, int> ResolveBits(const QuantizerOptions& options, bool cpu_has_vnni) {
  int w = options.weight_bits, a = options.activation_bits;
  if (cpu_has_vnni) return {w != 0 ? w : 8, a != 0 ? a : 8};
  if (w == 0) w = a == 7 || a == 0 ? 8 : 7;
  if (a == 0) a = w == 7 ? 8 : 7;
  return {w, a};
}

absl::StatusOr<ir::Graph> QuantizeWithStatistics(const ir::Graph& prepared, const StatisticsMap& stats,
                                                 const QuantizerOptions& options,
                                                 QuantizationReport* report) {
  QuantizationPlan plan;
  const bool vnni = TargetHasVnni(options.target);
  const auto [weight_bits, activation_bits] = ResolveBits(options, vnni);
  plan.weight_bits = weight_bits;
  for (int bits : {plan.weight_bits, activation_bits}) {
    if (bits != 7 && bits != 8) {
      return absl::InvalidArgumentError(absl::StrCat("weight and activation bits must be 7 or 8, not ", bits));
    }
  }
  const bool qat = !options.harvested_scales.activations.empty();
  PlacementOptions placement;
  placement.float_output_tails = !qat;
  placement.exclude_nodes = options.exclude_nodes;
  placement.exclude_op_types = options.exclude_op_types;
  for (const std::string& name : options.exclude_nodes) {
    bool found = false;
    for (const auto& node : prepared.nodes()) found = found || node->name == name;
    if (!found) {
      return absl::InvalidArgumentError(absl::StrCat(
          "the node '", name, "' to keep FP32 is not a node of the (fused) model"));
    }
  }
  PlaceNodes(prepared, placement, plan);
  plan.weight_grids = options.harvested_scales.weights;
  if (qat) KeepNodesWithKnownScales(prepared, stats, options.harvested_scales, plan);
  ScaleOptions scale_options;
  scale_options.algorithm = options.algorithm;
  scale_options.percentile = options.percentile;
  scale_options.activation_bits = activation_bits;
  scale_options.asymmetric = options.asymmetric_activations;
  if (qat) scale_options.harvested = &options.harvested_scales;
  std::vector<std::string> zero_tensors;
  MINT8_RETURN_IF_ERROR(PropagateScales(prepared, stats, scale_options, plan, &zero_tensors));

  if (options.bias_correction) {
    for (const auto& node : prepared.nodes()) {
      if (!plan.int8_nodes.count(node->name) || !ir::IsInt8ComputeOp(*node)) continue;
      auto it = stats.find(node->inputs[0]);
      if (it != stats.end()) plan.input_channel_means[node->name] = it->second.ChannelMeans();
    }
  }
  ir::Graph g = prepared;
  MINT8_RETURN_IF_ERROR(QuantizeGraph(plan, g));
  ir::PassManager pm;
  pm.Add(std::make_unique<SquashPass>());
  pm.Add(std::make_unique<ir::DeadNodeRemovalPass>());
  MINT8_RETURN_IF_ERROR(pm.Run(g));
  for (const std::string& t : plan.float_outputs) {
    const ir::TensorInfo* info = g.FindTensor(t);
    if (info != nullptr && info->dtype != ir::DataType::kF32) {
      return absl::InternalError(absl::StrCat("tensor '", t, "' has no scale but stayed INT8"));
    }
  }
  MINT8_RETURN_IF_ERROR(ir::InferShapes(g));
  MINT8_RETURN_IF_ERROR(ir::Verify(g));

  const std::string calibrated = absl::StrCat(
      CalibrationAlgorithmName(options.algorithm),
      options.algorithm == CalibrationAlgorithm::kPercentile ? absl::StrCat(" ", options.percentile) : "");
  g.metadata()["quantization"] = absl::StrCat(
      qat ? "quantization-aware-trained; activations from QDQ scales" : "post-training; activations ",
      qat ? (stats.empty() ? "" : absl::StrCat(", else ", calibrated)) : calibrated,
      "; weights s8 per channel, ", plan.weight_bits, "-bit; activations ", activation_bits, "-bit");
  g.metadata()["int8_target"] =
      options.target == Int8Target::kHost
          ? absl::StrCat(vnni ? "vnni" : "avx2", " (the CPU that quantized it)")
          : std::string(Int8TargetName(options.target));
  if (report != nullptr) {
    report->int8_nodes = static_cast<int>(plan.int8_nodes.size());
    report->fp32_nodes = 0;
    for (const auto& node : prepared.nodes()) report->fp32_nodes += !plan.int8_nodes.count(node->name);
    report->fp32_compute_nodes = plan.fp32_reasons;
    report->zero_tensors = zero_tensors;
    report->weight_bits = plan.weight_bits;
    report->activation_bits = activation_bits;
    report->algorithm = qat ? "QDQ scales" : CalibrationAlgorithmName(options.algorithm);
  }
  return g;
}

}  // namespace mint8::quantization
