#include "quantization/pipeline.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <set>

#include "absl/strings/str_cat.h"
#include "ir/op_geometry.h"
#include "ir/status_macros.h"
#include "quantization/calibration/calibration_cache.h"

namespace mint8::quantization {
namespace {

// The prepared FP32 graph, and for QAT conversion the harvested scales.
absl::Status Prepare(const ir::Graph& model, const PipelineOptions& options, PipelineResult& result,
                     QuantizerOptions& quantizer) {
  const bool has_qdq = HasQdqNodes(model);
  if (options.mode == PipelineMode::kQat && !has_qdq) {
    return absl::InvalidArgumentError(
        "QAT conversion: the model has no QuantizeLinear/DequantizeLinear nodes");
  }
  result.qat = options.mode == PipelineMode::kQat || (options.mode == PipelineMode::kAuto && has_qdq);
  if (!has_qdq) {
    MINT8_ASSIGN_OR_RETURN(result.prepared, PrepareForQuantization(model, options.input_shapes));
    return absl::OkStatus();
  }
  // PTQ of a QDQ model removes its pairs too (the weights keep their
  // fake-quantized values) but ignores its scales.
  MINT8_ASSIGN_OR_RETURN(PreparedQatModel qdq, PrepareQatModel(model, options.input_shapes));
  result.prepared = std::move(qdq.graph);
  if (result.qat) {
    quantizer.harvested_scales = std::move(qdq.scales);
    result.harvested_scales = static_cast<int>(quantizer.harvested_scales.activations.size());
  }
  return absl::OkStatus();
}

// Cross-layer equalization reads channel ranges only: a few images suffice.
constexpr int64_t kEqualizationImages = 32;

// The passes over the calibration images: loaded from the cache when it
// holds the same images, else run (and then saved).
class CalibrationPasses {
 public:
  CalibrationPasses(const PipelineOptions& options, std::string fingerprint, PipelineResult& result)
      : options_(options), fingerprint_(std::move(fingerprint)), result_(result) {}

  absl::Status Load() {
    result_.cache_description = options_.calibration_description;
    if (options_.cache_path.empty() || !std::ifstream(options_.cache_path).good()) return absl::OkStatus();
    std::string description;
    MINT8_ASSIGN_OR_RETURN(CachedStatistics cached,
                           LoadCalibrationCache(options_.cache_path, fingerprint_, &description));
    if (description != options_.calibration_description) {
      result_.stale_cache_description = description;
      return absl::OkStatus();
    }
    passes_ = std::move(cached);
    result_.cache_hit = true;
    return absl::OkStatus();
  }

  // The statistics of `tensors` (all when empty) of `graph` on the first
  // `first_images` calibration images, or, for the pass that may be sharded,
  // on this process's shard of them; under `key`.
  absl::StatusOr<StatisticsMap> Get(const std::string& key, const ir::Graph& graph,
                                    const std::vector<std::string>& tensors, int64_t first_images,
                                    bool may_be_sharded) {
    const auto cached = passes_.find(key);
    if (cached != passes_.end()) return cached->second;
    const CalibrationImages& all = *options_.calibration;
    CalibrationImages images = all;
    images.count = std::min(all.count, first_images);
    const bool sharded = may_be_sharded && options_.calibration_shard.has_value();
    if (sharded) {
      const ImageShard shard = *options_.calibration_shard;
      images.count = (all.count - shard.index + shard.count - 1) / shard.count;
      images.load = [shard, load = all.load](int64_t i, float* data) {
        return load(shard.index + i * shard.count, data);
      };
      sharded_keys_.insert(key);
    }
    const auto start = std::chrono::steady_clock::now();
    MINT8_ASSIGN_OR_RETURN(
        StatisticsMap stats,
        CalibrateTensors(graph, images, options_.calibration_batch_size,
                         tensors.empty() ? ObservedTensors(graph) : tensors,
                         images.count == all.count || sharded ? options_.progress : nullptr));
    result_.calibration_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    result_.cache_hit = false;
    unsaved_ = true;
    return passes_[key] = std::move(stats);
  }

  // A shard's file, for MergeCalibrationShards.
  absl::Status SaveShard() const {
    const CalibrationShard shard{options_.calibration_shard->index, options_.calibration_shard->count,
                                 sharded_keys_};
    return SaveCalibrationCache(options_.cache_path, fingerprint_, options_.calibration_description, passes_,
                                &shard);
  }

  absl::Status SaveIfNew() const {
    if (options_.cache_path.empty() || !unsaved_) return absl::OkStatus();
    return SaveCalibrationCache(options_.cache_path, fingerprint_, options_.calibration_description, passes_);
  }

 private:
  const PipelineOptions& options_;
  const std::string fingerprint_;
  PipelineResult& result_;
  CachedStatistics passes_;
  std::set<std::string> sharded_keys_;
  bool unsaved_ = false;
};

// Equalizes result.prepared (from channel ranges on a few images), then
// calibrates the graph it became.
// The depthwise convolutions of `graph` (ConvGeometry::depthwise) that
// `quantizer` does not exclude.
std::vector<std::string> DepthwiseConvolutions(const ir::Graph& graph, const QuantizerOptions& quantizer) {
  std::vector<std::string> nodes;
  if (quantizer.exclude_op_types.count("Conv") > 0) return nodes;
  for (const auto& node : graph.nodes()) {
    if (node->op_type != "Conv" || node->inputs.size() < 2 || quantizer.exclude_nodes.count(node->name) > 0) {
      continue;
    }
    const ir::TensorInfo* x = graph.FindTensor(node->inputs[0]);
    const ir::TensorInfo* w = graph.FindTensor(node->inputs[1]);
    if (x == nullptr || w == nullptr || !x->shape.IsFullyKnown() || !w->shape.IsFullyKnown()) continue;
    const absl::StatusOr<ir::ConvGeometry> g =
        ir::ResolveConvGeometry(*node, x->shape.Sizes(), w->shape.Sizes());
    if (g.ok() && g->depthwise()) nodes.push_back(node->name);
  }
  return nodes;
}

// The model quantized with its depthwise convolutions INT8 or FP32,
// whichever `time_models` finds faster, with its report.
struct TimedDepthwiseChoice {
  DepthwisePrecision precision;
  ir::Graph int8;
  QuantizationReport report;
};

absl::StatusOr<std::optional<TimedDepthwiseChoice>> ChooseDepthwisePrecision(
    const ir::Graph& prepared, const StatisticsMap& stats, const QuantizerOptions& quantizer,
    const ModelTimer& time_models) {
  TimedDepthwiseChoice choice;
  DepthwisePrecision& p = choice.precision;
  p.nodes = DepthwiseConvolutions(prepared, quantizer);
  if (p.nodes.empty()) return std::nullopt;
  QuantizerOptions fp32_depthwise = quantizer;
  fp32_depthwise.exclude_nodes.insert(p.nodes.begin(), p.nodes.end());
  QuantizationReport int8_report, fp32_report;
  MINT8_ASSIGN_OR_RETURN(ir::Graph int8, QuantizeWithStatistics(prepared, stats, quantizer, &int8_report));
  MINT8_ASSIGN_OR_RETURN(ir::Graph fp32,
                         QuantizeWithStatistics(prepared, stats, fp32_depthwise, &fp32_report));
  MINT8_ASSIGN_OR_RETURN(const std::vector<double> speeds, time_models({&int8, &fp32}));
  if (speeds.size() != 2) return absl::InternalError("the model timer returned the wrong number of speeds");
  p.int8_images_per_second = speeds[0];
  p.fp32_images_per_second = speeds[1];
  p.kept_fp32 = speeds[1] >= kDepthwiseFp32Margin * speeds[0];
  choice.int8 = p.kept_fp32 ? std::move(fp32) : std::move(int8);
  choice.report = p.kept_fp32 ? std::move(fp32_report) : std::move(int8_report);
  return choice;
}

absl::StatusOr<StatisticsMap> EqualizeAndCalibrate(const PipelineOptions& options,
                                                   const std::string& fingerprint, CalibrationPasses& passes,
                                                   PipelineResult& result) {
  const std::vector<std::string> candidates = options.equalize_channels && !result.qat
                                                  ? EqualizationCandidates(result.prepared)
                                                  : std::vector<std::string>();
  if (!candidates.empty()) {
    // Every shard of a split calibration equalizes from the same images, so
    // all of them calibrate the same graph.
    MINT8_ASSIGN_OR_RETURN(StatisticsMap ranges, passes.Get(fingerprint + " channel ranges", result.prepared,
                                                            candidates, kEqualizationImages, false));
    result.equalized = EqualizeChannels(result.prepared, ranges);
  }
  return passes.Get(GraphFingerprint(result.prepared), result.prepared, {}, options.calibration->count, true);
}

}  // namespace

absl::Status CalibrateShard(const ir::Graph& model, const PipelineOptions& options) {
  if (!options.calibration_shard.has_value() || !options.calibration.has_value() ||
      options.cache_path.empty()) {
    return absl::InvalidArgumentError("a calibration shard needs the images, the shard and a file to write");
  }
  const ImageShard shard = *options.calibration_shard;
  if (shard.count < 1 || shard.index < 0 || shard.index >= shard.count) {
    return absl::InvalidArgumentError(absl::StrCat("shard ", shard.index, " of ", shard.count));
  }
  if (options.calibration->count < shard.count) {
    return absl::InvalidArgumentError(
        absl::StrCat(options.calibration->count, " calibration images cannot fill ", shard.count, " shards"));
  }
  PipelineResult result;
  QuantizerOptions quantizer = options.quantizer;
  MINT8_RETURN_IF_ERROR(Prepare(model, options, result, quantizer));
  const std::string fingerprint = GraphFingerprint(result.prepared);
  CalibrationPasses passes(options, fingerprint, result);
  MINT8_RETURN_IF_ERROR(EqualizeAndCalibrate(options, fingerprint, passes, result).status());
  return passes.SaveShard();
}

absl::StatusOr<PipelineResult> QuantizeModel(const ir::Graph& model, const PipelineOptions& options) {
  if (options.calibration_shard.has_value()) {
    return absl::InvalidArgumentError("a calibration shard is calibrated with CalibrateShard, not quantized");
  }
  PipelineResult result;
  QuantizerOptions quantizer = options.quantizer;
  MINT8_RETURN_IF_ERROR(Prepare(model, options, result, quantizer));
  if (!options.calibration.has_value()) {
    if (options.accuracy_budget.has_value()) {
      return absl::InvalidArgumentError(
          "an accuracy budget needs calibration images (the statistics to re-quantize with)");
    }
    if (!result.qat) return absl::InvalidArgumentError("post-training quantization needs calibration images");
    MINT8_ASSIGN_OR_RETURN(result.int8,
                           QuantizeWithStatistics(result.prepared, {}, quantizer, &result.report));
    return result;
  }
  if (options.calibration->count <= 0) return absl::InvalidArgumentError("no calibration images");
  const std::string fingerprint = GraphFingerprint(result.prepared);
  CalibrationPasses passes(options, fingerprint, result);
  MINT8_RETURN_IF_ERROR(passes.Load());
  MINT8_ASSIGN_OR_RETURN(StatisticsMap stats, EqualizeAndCalibrate(options, fingerprint, passes, result));

  CalibrationImages tuning = *options.calibration;
  tuning.count = std::min(tuning.count, options.tuning_images);
  if (quantizer.weight_bits == 0 && quantizer.activation_bits == 0 && !TargetHasVnni(quantizer.target)) {
    // A QAT model is compared with itself run as is (its fake quantization
    // emulated), not with the FP32 graph its QDQ pairs were removed from.
    MINT8_ASSIGN_OR_RETURN(result.modes, CompareInt8Modes(result.prepared, stats, quantizer, tuning,
                                                          {{7, 8}, {8, 7}}, result.qat ? &model : nullptr));
    quantizer.weight_bits = result.modes[0].weight_bits;
    quantizer.activation_bits = result.modes[0].activation_bits;
  }
  if (options.accuracy_budget.has_value()) {
    if (options.fp32_fallback_layers > 0) {
      return absl::InvalidArgumentError(
          "give an accuracy budget or a number of FP32 fallback layers, not both");
    }
    const TuningImages calibration_tuning{tuning, {}, 0};
    const TuningImages& budget_tuning = options.tuning.has_value() ? *options.tuning : calibration_tuning;
    if (options.ranking_shard.has_value()) {
      MINT8_ASSIGN_OR_RETURN(
          result.layer_ranking,
          RankLayerSensitivity(result.prepared, stats, quantizer, budget_tuning.images,
                               options.ranking_shard->index, options.ranking_shard->count));
    } else if (options.budget_candidate.has_value()) {
      MINT8_ASSIGN_OR_RETURN(
          result.budget_candidate,
          MeasureFallbackCandidate(result.prepared, stats, quantizer, budget_tuning, *options.accuracy_budget,
                                   options.budget_candidate->index, options.budget_candidate->count,
                                   options.layer_ranking.has_value() ? &*options.layer_ranking : nullptr));
      quantizer.exclude_nodes.insert(result.budget_candidate->fp32_layers.begin(),
                                     result.budget_candidate->fp32_layers.end());
    } else {
      MINT8_ASSIGN_OR_RETURN(
          result.budget_search,
          SearchFp32Fallback(result.prepared, stats, quantizer, budget_tuning, *options.accuracy_budget));
    }
  }
  if (result.budget_search.has_value()) {
    if (!result.budget_search->fp32_layers.empty()) {
      MINT8_ASSIGN_OR_RETURN(result.int8_without_fallback,
                             QuantizeWithStatistics(result.prepared, stats, quantizer, nullptr));
    }
    quantizer.exclude_nodes.insert(result.budget_search->fp32_layers.begin(),
                                   result.budget_search->fp32_layers.end());
  } else if (!options.accuracy_budget.has_value() && options.fp32_fallback_layers > 0) {
    MINT8_ASSIGN_OR_RETURN(auto ranking, RankLayerSensitivity(result.prepared, stats, quantizer, tuning));
    for (int i = 0; i < options.fp32_fallback_layers && i < static_cast<int>(ranking.size()); ++i) {
      quantizer.exclude_nodes.insert(ranking[i].node);
      result.fallback.push_back(ranking[i]);
    }
  }
  std::optional<TimedDepthwiseChoice> timed;
  if (options.time_models && !options.accuracy_budget.has_value() && !TargetHasVnni(quantizer.target)) {
    MINT8_ASSIGN_OR_RETURN(timed,
                           ChooseDepthwisePrecision(result.prepared, stats, quantizer, options.time_models));
  }
  if (timed.has_value()) {  // the faster of the two models it quantized
    result.depthwise_precision = std::move(timed->precision);
    result.int8 = std::move(timed->int8);
    result.report = std::move(timed->report);
  } else {
    MINT8_ASSIGN_OR_RETURN(result.int8,
                           QuantizeWithStatistics(result.prepared, stats, quantizer, &result.report));
  }
  result.int8.metadata()["calibration"] = result.cache_description;
  if (result.depthwise_precision.has_value() && result.depthwise_precision->kept_fp32) {
    for (const std::string& node : result.depthwise_precision->nodes) {
      result.report.fp32_compute_nodes[node] = "depthwise, faster in FP32 than in INT8 on this CPU";
    }
  }
  for (const LayerSensitivity& layer : result.fallback) {
    result.report.fp32_compute_nodes[layer.node] = "kept FP32 by fp32_fallback_layers";
  }
  if (result.budget_candidate.has_value()) {
    for (const std::string& layer : result.budget_candidate->fp32_layers) {
      result.report.fp32_compute_nodes[layer] = "kept FP32 by this accuracy-budget candidate";
    }
  }
  if (result.budget_search.has_value()) {
    for (const std::string& layer : result.budget_search->fp32_layers) {
      result.report.fp32_compute_nodes[layer] = "kept FP32 by the accuracy budget";
    }
  }
  if (options.layer_report) {
    MINT8_ASSIGN_OR_RETURN(result.layer_report,
                           BuildLayerReport(result.prepared, result.int8, stats, result.report,
                                            options.tuning.has_value() ? options.tuning->images : tuning));
  }
  MINT8_RETURN_IF_ERROR(passes.SaveIfNew());
  return result;
}

}  // namespace mint8::quantization
