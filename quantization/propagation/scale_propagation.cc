#include "quantization/propagation/scale_propagation.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"

namespace mint8::quantization {
namespace {

class UnionFind {
 public:
  std::string Find(const std::string& x) {
    auto it = parent_.find(x);
    if (it == parent_.end() || it->second == x) return x;
    return it->second = Find(it->second);
  }
  void Union(const std::string& a, const std::string& b) {
    const std::string ra = Find(a), rb = Find(b);
    if (ra != rb) parent_[ra] = rb;
  }

 private:
  std::map<std::string, std::string> parent_;
};

}  // namespace

bool NonNegativeByConstruction(const ir::Graph& graph, const std::string& tensor) {
  const ir::Node* p = graph.Producer(tensor);
  if (p == nullptr) return false;
  const ir::OpTraits& traits = ir::TraitsOf(p->op_type);
  if (traits.non_negative_output != nullptr && traits.non_negative_output(*p)) return true;
  if (!traits.range_keeping) return false;
  for (const std::string& in : p->inputs) {
    if (in.empty() || graph.FindConstant(in) != nullptr) continue;
    if (!NonNegativeByConstruction(graph, in)) return false;
  }
  return true;
}

std::map<std::string, std::vector<std::string>> ScaleGroups(const ir::Graph& graph,
                                                            const QuantizationPlan& plan) {
  std::set<std::string> quantized;
  UnionFind groups;
  for (const auto& node : graph.nodes()) {
    if (!plan.int8_nodes.count(node->name)) continue;
    const ir::QuantizationRole role = ir::TraitsOf(node->op_type).quantization;
    const bool shares =
        role == ir::QuantizationRole::kScalePreserving || role == ir::QuantizationRole::kScaleUnifying;
    const bool compute = role == ir::QuantizationRole::kCompute;
    // A scaled product reads its operands as they come: no input to quantize.
    for (size_t i = 0; role != ir::QuantizationRole::kScaledProduct && i < node->inputs.size(); ++i) {
      const std::string& in = node->inputs[i];
      if (in.empty() || graph.FindConstant(in) != nullptr) continue;
      // A compute op quantizes its data input and its residual, not weights.
      if (compute && i != 0 && static_cast<int>(i) != ir::SumInputIndex(*node)) continue;
      quantized.insert(in);
      if (shares) groups.Union(in, node->outputs[0]);
    }
    quantized.insert(node->outputs[0]);
  }
  std::map<std::string, std::vector<std::string>> members;
  for (const std::string& t : quantized) members[groups.Find(t)].push_back(t);
  return members;
}

namespace {

// The threshold that keeps a trained grid (see the header); 0 if none.
double HarvestedThreshold(const std::vector<std::string>& tensors, const HarvestedScales* harvested,
                          bool is_unsigned, int levels) {
  if (harvested == nullptr) return 0;
  double threshold = 0;
  for (const std::string& t : tensors) {
    auto it = harvested->activations.find(t);
    if (it == harvested->activations.end()) continue;
    const HarvestedScale& h = it->second;
    const double needed =
        is_unsigned ? std::max(h.highest(), 0.0) : std::max(std::abs(h.lowest()), std::abs(h.highest()));
    const double keeps_step = static_cast<double>(h.scale) * (levels - 1);
    // One step of clipping at an end is what an asymmetric grid costs.
    threshold = std::max(threshold, needed <= keeps_step + h.scale ? keeps_step : needed);
  }
  return threshold;
}

// A signed group whose observed values, clipped to [-threshold, threshold],
// span much less than that: u8 over [lo, hi] with a zero point has a finer
// step than the symmetric s8 grid (HardSwish and SiLU outputs reach only
// -0.375 and -0.28 below zero).
void AsymmetricGrid(const std::vector<std::string>& tensors, const StatisticsMap& stats, double threshold,
                    bool seven, TensorPlan& tp) {
  double lo = 0, hi = 0;
  for (const std::string& t : tensors) {
    auto it = stats.find(t);
    if (it == stats.end()) return;
    lo = std::min(lo, std::max<double>(it->second.min(), -threshold));
    hi = std::max(hi, std::min<double>(it->second.max(), threshold));
  }
  const int qmax = seven ? 127 : 255;
  const double step = (hi - lo) / qmax;
  if (!(step > 0) || step > 0.9 * static_cast<double>(tp.quantization.scales[0])) return;
  const int32_t zero_point = static_cast<int32_t>(std::lround(-lo / step));
  tp.dtype = ir::DataType::kU8;
  tp.quantization.scales = {static_cast<float>(step)};
  tp.quantization.zero_points = {zero_point};
  tp.quantization.qmin = 0;
  tp.quantization.qmax = seven ? qmax : 0;  // 0, 0: the whole u8 range
}

}  // namespace

absl::Status PropagateScales(const ir::Graph& graph, const StatisticsMap& stats, const ScaleOptions& options,
                             QuantizationPlan& plan, std::vector<std::string>* zero_tensors) {
  const std::map<std::string, std::vector<std::string>> members = ScaleGroups(graph, plan);
  for (const auto& [root, tensors] : members) {
    bool is_unsigned = true;
    for (const std::string& t : tensors) is_unsigned = is_unsigned && NonNegativeByConstruction(graph, t);
    const int seven = options.activation_bits == 7;
    const int levels = (is_unsigned ? 256 : 128) >> seven;
    double threshold = HarvestedThreshold(tensors, options.harvested, is_unsigned, levels);
    const bool harvested = threshold > 0;
    bool observed = harvested;
    for (const std::string& t : tensors) {
      auto it = stats.find(t);
      if (harvested || it == stats.end()) continue;
      observed = true;
      threshold =
          std::max(threshold, ChooseThreshold(it->second, options.algorithm, levels, options.percentile));
    }
    const bool float_output = std::all_of(tensors.begin(), tensors.end(), [&](const std::string& t) {
      return plan.float_outputs.count(t) > 0;
    });
    if (!observed && float_output) threshold = levels - 1;  // placeholder scale 1, never used
    if (!observed && !float_output) {
      return absl::FailedPreconditionError(
          absl::StrCat("no calibration statistics for tensor '", tensors[0], "'"));
    }
    if (threshold == 0) {
      if (zero_tensors != nullptr) zero_tensors->insert(zero_tensors->end(), tensors.begin(), tensors.end());
      threshold = 1.0;
    }
    TensorPlan tp;
    tp.dtype = is_unsigned ? ir::DataType::kU8 : ir::DataType::kS8;
    tp.threshold = threshold;
    tp.quantization.scales = {static_cast<float>(threshold / (levels - 1))};
    tp.quantization.zero_points = {0};
    if (seven) {
      tp.quantization.qmin = is_unsigned ? 0 : -64;
      tp.quantization.qmax = is_unsigned ? 127 : 63;
    }
    if (!is_unsigned && !harvested && options.asymmetric) {
      AsymmetricGrid(tensors, stats, threshold, seven, tp);
    }
    for (const std::string& t : tensors) plan.tensors[t] = tp;
  }
  return absl::OkStatus();
}

}  // namespace mint8::quantization
