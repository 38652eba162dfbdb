// quantize: FP32 model + calibration images -> INT8 .mint8 model, and (with
// --eval_data) the FP32-vs-INT8 accuracy and speed tables.
//
//   bazel run //tools:quantize                     # zoo:mobilenet_v2 on synthetic data
//   bazel run //tools:quantize -- --model=m.onnx --calibration_data=images/ --preprocess=torch
//       --output=m_int8.mint8 --eval_data=val/ --eval_labels=val/labels.txt
#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gflags/gflags.h"
#include "ir/file_io.h"
#include "ir/model.h"
#include "ir/onnx/exporter.h"
#include "kernels/x86/cpu_features.h"
#include "quantization/calibration/calibration_cache.h"
#include "quantization/quantizer.h"
#include "runtime/session.h"
#include "tools/common/accuracy.h"
#include "tools/common/calibration_source.h"
#include "tools/common/candidate_file.h"
#include "tools/common/cli.h"
#include "tools/common/layer_report_writer.h"
#include "tools/common/preprocess_flags.h"
#include "tools/common/report.h"
#include "tools/common/shard.h"
#include "tools/common/speed.h"
#include "tools/data/dataset.h"

DEFINE_string(model, "", "FP32 or QDQ model: ONNX, .mint8 or zoo:NAME (default zoo:mobilenet_v2)");
DEFINE_string(
    target, "host",
    "CPUs the INT8 model is for: host (this one), vnni (AVX-512 VNNI or AVX-VNNI) or avx2 (no VNNI: "
    "7-bit weights or activations)");
DEFINE_string(mode, "auto",
              "ptq (calibrate; a QDQ model's own scales are ignored), qat (scales from the "
              "model's QuantizeLinear/DequantizeLinear pairs), or auto: qat when the model has such nodes");
DEFINE_string(calibration_data, "",
              "Image folder, Paddle .bin, or synthetic[:N] (default synthetic for zoo models)");
DEFINE_string(calibration_labels, "", "Labels file for the calibration folder (optional)");
DEFINE_int32(calibration_images, 100, "Calibration images (the first ones of --calibration_data)");
DEFINE_int32(calibration_offset, 0, "Skip this many images of --calibration_data");
DEFINE_int32(calibration_batch_size, 1, "Images per run of each calibration worker (one worker per core)");
DEFINE_int32(tuning_images, 30,
             "Images used to compare the exact INT8 modes (CPUs without VNNI), to rank layers for "
             "--fp32_fallback_layers, and (default 200 there) to check an accuracy budget");
DEFINE_double(max_accuracy_drop, -1,
              "Accuracy-aware quantization: keep the fewest layers FP32 so that INT8 top-1 is at most this "
              "many points below FP32 on the tuning images (needs labels: --tuning_labels, or "
              "--calibration_labels when tuning on the calibration data)");
DEFINE_double(
    min_agreement, -1,
    "Accuracy-aware quantization without labels: keep the fewest layers FP32 so that INT8 picks the "
    "FP32 top-1 class on at least this share of the tuning images (99 or 0.99)");
DEFINE_string(tuning_data, "",
              "Images for --max_accuracy_drop/--min_agreement (default: --calibration_data)");
DEFINE_string(tuning_labels, "", "Labels file for --tuning_data");
DEFINE_int32(tuning_offset, -1,
             "Skip this many images of the tuning data (default: --calibration_offset when tuning on the "
             "calibration data, else 0)");
DEFINE_string(activation_algo, "percentile",
              "Activation thresholds: percentile (default; see --percentile), kl, mse or maxabs");
DEFINE_double(percentile, 99.99, "Percentile for --activation_algo=percentile");
DEFINE_string(exclude_ops, "", "Comma-separated node names to keep FP32 (see inspect --optimized)");
DEFINE_string(exclude_op_types, "", "Comma-separated op types to keep FP32, e.g. Gemm");
DEFINE_bool(equalize_channels, true,
            "Cross-layer equalization before quantizing (PTQ): balance the channel ranges of each "
            "activation between two convolutions through their weights, then calibrate again");
DEFINE_bool(asymmetric_activations, true,
            "Store signed activations that reach much less far below zero than above (HardSwish, SiLU, "
            "GELU outputs) as u8 with a zero point over their range instead of symmetric s8 (calibrated "
            "scales; a QAT model's trained grids stay)");
DEFINE_string(depthwise_precision, "auto",
              "auto: on a CPU without VNNI, time the model with its depthwise convolutions INT8 and FP32 "
              "(interleaved, 2 s) and keep the faster; int8: always INT8");
DEFINE_int32(weight_bits, 0, "Weight bits, 8 or 7; 0: decide (see --activation_bits)");
DEFINE_int32(activation_bits, 0,
             "Activation bits, 8 or 7; with both 0: 8/8 on CPUs with VNNI; without VNNI the model is "
             "quantized with 7-bit weights and with 7-bit activations (the two exact modes there) and "
             "the one closer to FP32 on the calibration images is kept");
DEFINE_int32(fp32_fallback_layers, 0,
             "Keep this many layers FP32: those whose FP32 execution most reduces the output error "
             "on the calibration images (costs one quantization and a few runs per layer)");
DEFINE_string(onnx_layout, "ort",
              "For an .onnx output: ort (every quantized convolution in the QDQ pattern ONNX Runtime fuses; "
              "a residual convolution's result is rounded once more before its Add) or exact (re-imports to "
              "the same INT8 model bit for bit)");
DEFINE_string(output, "",
              "Where to write the INT8 model: .mint8 (default <model>_int8.mint8), or .onnx for a standard "
              "QDQ ONNX model other runtimes accept");
DEFINE_string(
    report, "",
    "Write a per-layer report into this directory: report.md, report.json and report.html (SQNR "
    "of each layer on the tuning images, calibration histogram with the threshold, weight range per "
    "channel, why a layer stayed FP32)");
DEFINE_string(calibration_cache, "", "Calibration statistics file (default <output>.calibration)");
DEFINE_string(input_shape, "", "Input shape(s) for dynamic models: 1x3x224x224 or name:1x3x224x224");
DEFINE_string(eval_data, "", "Held-out labeled images for the FP32 vs INT8 accuracy table");
DEFINE_string(eval_labels, "", "Labels file for --eval_data");
DEFINE_int32(eval_offset, 0, "Skip this many images of --eval_data");
DEFINE_int32(eval_limit, -1, "Evaluate at most this many images");
DEFINE_int32(label_offset, 0, "Output index of label 0 (1 for models with a background class)");
DEFINE_int32(threads, 0, "Threads for evaluation (0: all cores); speed is measured on 1");
DEFINE_double(benchmark_seconds, 3, "Seconds of interleaved FP32/INT8 timing (0: skip)");
DEFINE_int32(shard_index, 0,
             "Cluster steps: this task's shard (default: the Slurm array task, or a Kubernetes Indexed "
             "Job's JOB_COMPLETION_INDEX)");
DEFINE_int32(num_shards, 1, "Cluster steps: the number of shards (default: SLURM_ARRAY_TASK_COUNT)");
DEFINE_string(calibration_shard_dir, "",
              "Calibrate only this task's shard of the calibration images (image i when i % num_shards == "
              "shard_index) and write DIR/shard-K-of-N.calibration; no model is written");
DEFINE_string(calibration_shards, "",
              "A --calibration_shard_dir holding every shard: merge them into --calibration_cache (what one "
              "process calibrating every image would have written), then quantize without calibrating");
DEFINE_string(budget_candidate_dir, "",
              "With --max_accuracy_drop or --min_agreement: measure only this task's candidate (candidate K "
              "of N keeps the round(K*L/(N-1)) most sensitive of L layers FP32) and write "
              "DIR/shard-K-of-N.json; no model is written");
DEFINE_string(budget_ranking_dir, "",
              "With --max_accuracy_drop or --min_agreement: rank only this task's share of the layers (layer "
              "p when p % num_shards == shard_index) by how much keeping it FP32 helps, and write "
              "DIR/shard-K-of-N.json; no model is written");
DEFINE_string(
    budget_ranking, "",
    "With --budget_candidate_dir: a --budget_ranking_dir holding every shard of the ranking, so the "
    "candidate does not rank the layers itself");
DEFINE_string(budget_candidates, "",
              "With the same budget flag: a --budget_candidate_dir holding every candidate; keep FP32 the "
              "layers of the one that meets the budget with the fewest, and quantize");

namespace mint8::tools {
namespace {

std::set<std::string> SplitSet(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, ',', absl::SkipEmpty());
  return std::set<std::string>(parts.begin(), parts.end());
}

void CheckOutputDirectory(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, std::max<size_t>(slash, 1));
  struct stat st;
  if (stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    Fail(absl::StrCat("--output: directory '", dir, "' does not exist"));
  }
}

// Every flag is checked before any work, so that a typo never costs a
// calibration run or leaves files behind.
void ValidateFlags(const std::string& output) {
  struct stat st;
  if (stat(output.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    Fail(absl::StrCat("--output: '", output, "' is a directory; give a file name"));
  }
  if (FLAGS_calibration_images <= 0) Fail("--calibration_images must be positive");
  if (FLAGS_calibration_batch_size <= 0) Fail("--calibration_batch_size must be positive");
  if (FLAGS_calibration_offset < 0 || FLAGS_eval_offset < 0)
    Fail("--calibration_offset and --eval_offset must be >= 0");
  if (FLAGS_fp32_fallback_layers < 0) Fail("--fp32_fallback_layers must be >= 0");
  if (FLAGS_depthwise_precision != "auto" && FLAGS_depthwise_precision != "int8")
    Fail("--depthwise_precision must be auto or int8");
  const bool drop = FlagGiven("max_accuracy_drop"), agreement = FlagGiven("min_agreement");
  if (drop && agreement) Fail("give --max_accuracy_drop or --min_agreement, not both");
  if ((drop || agreement) && FLAGS_fp32_fallback_layers > 0) {
    Fail("--fp32_fallback_layers and an accuracy budget exclude each other: the budget decides the layers");
  }
  if (drop && !(FLAGS_max_accuracy_drop >= 0 && FLAGS_max_accuracy_drop < 100)) {
    Fail(absl::StrCat("--max_accuracy_drop=", FLAGS_max_accuracy_drop,
                      ": must be in [0, 100) (top-1 points)"));
  }
  if (agreement && !(FLAGS_min_agreement > 0 && FLAGS_min_agreement <= 100)) {
    Fail(absl::StrCat("--min_agreement=", FLAGS_min_agreement,
                      ": must be a share in (0, 1] or a percent up to 100"));
  }
  if (FLAGS_tuning_images <= 0) Fail("--tuning_images must be positive");
  ValueOrFail(ir::ParseOnnxExportLayout(FLAGS_onnx_layout), "--onnx_layout");
  if (!FLAGS_report.empty()) CheckOutputDirectory(ResolvePath(FLAGS_report));
  if (!drop && !agreement && (!FLAGS_tuning_data.empty() || !FLAGS_tuning_labels.empty())) {
    Fail("--tuning_data/--tuning_labels are for --max_accuracy_drop or --min_agreement");
  }
  if (!(FLAGS_percentile > 0 && FLAGS_percentile <= 100)) {
    Fail(absl::StrCat("--percentile=", FLAGS_percentile, ": must be in (0, 100]"));
  }
  for (const auto& [flag, bits] : {std::pair<const char*, int>{"--weight_bits", FLAGS_weight_bits},
                                   {"--activation_bits", FLAGS_activation_bits}}) {
    if (bits != 0 && bits != 7 && bits != 8) Fail(absl::StrCat(flag, "=", bits, ": use 8, 7 or 0 (decide)"));
  }
  if (FLAGS_mode != "auto" && FLAGS_mode != "ptq" && FLAGS_mode != "qat") {
    Fail(absl::StrCat("--mode must be ptq, qat or auto, not '", FLAGS_mode, "'"));
  }
  if (!(FLAGS_benchmark_seconds >= 0)) Fail("--benchmark_seconds must be >= 0");
  for (const std::string* dir :
       {&FLAGS_calibration_shard_dir, &FLAGS_calibration_shards, &FLAGS_budget_ranking_dir,
        &FLAGS_budget_ranking, &FLAGS_budget_candidate_dir, &FLAGS_budget_candidates}) {
    if (!dir->empty() && !ir::IsDirectory(ResolvePath(*dir))) {
      Fail(absl::StrCat("'", *dir, "' is not a directory"));
    }
  }
  const bool candidate_step = !FLAGS_budget_candidate_dir.empty(),
             pick_step = !FLAGS_budget_candidates.empty(), ranking_step = !FLAGS_budget_ranking_dir.empty();
  // A budget flag may come along (the workflows give every step the same
  // flags); a shard ignores it.
  if (!FLAGS_calibration_shard_dir.empty() &&
      (!FLAGS_calibration_shards.empty() || candidate_step || pick_step || ranking_step)) {
    Fail("--calibration_shard_dir only calibrates a shard: no other cluster step with it");
  }
  if (candidate_step + pick_step + ranking_step > 1) {
    Fail("one of --budget_ranking_dir, --budget_candidate_dir and --budget_candidates at a time");
  }
  if ((candidate_step || pick_step || ranking_step) && !drop && !agreement) {
    Fail(
        "--budget_ranking_dir, --budget_candidate_dir and --budget_candidates need --max_accuracy_drop or "
        "--min_agreement");
  }
  if (!FLAGS_budget_ranking.empty() && !candidate_step)
    Fail("--budget_ranking is read by --budget_candidate_dir");
  CheckThreadsFlag(FLAGS_threads);
  MemoryBudgetBytes();
}

// The budget flags as the pipeline's accuracy budget, with its tuning
// images decoded once (default: 200 of the calibration data, from its offset).
quantization::AccuracyBudget BudgetFromFlags() {
  const bool top1 = FlagGiven("max_accuracy_drop");
  quantization::AccuracyBudget budget;
  budget.kind =
      top1 ? quantization::AccuracyBudget::kMaxTop1Drop : quantization::AccuracyBudget::kMinAgreement;
  budget.value = top1                       ? FLAGS_max_accuracy_drop
                 : FLAGS_min_agreement <= 1 ? 100 * FLAGS_min_agreement
                                            : FLAGS_min_agreement;
  return budget;
}

void SetAccuracyBudget(const std::shared_ptr<const Dataset>& calibration_all, const ir::Dims& input,
                       quantization::PipelineOptions& request) {
  const int64_t image_floats = ir::NumElements(input) / input[0];
  const bool top1 = FlagGiven("max_accuracy_drop");
  request.accuracy_budget = BudgetFromFlags();
  const bool own = !FLAGS_tuning_data.empty();
  if (!own && calibration_all == nullptr) Fail("an accuracy budget needs tuning images: give --tuning_data");
  std::shared_ptr<const Dataset> all =
      own ? ValueOrFail(OpenDataset(ResolvePath(FLAGS_tuning_data),
                                    FLAGS_tuning_labels.empty() ? "" : ResolvePath(FLAGS_tuning_labels),
                                    PreprocessingFromFlags(input)),
                        "--tuning_data")
          : calibration_all;
  const int64_t offset = FLAGS_tuning_offset >= 0 ? FLAGS_tuning_offset : own ? 0 : FLAGS_calibration_offset;
  const int64_t available = std::max<int64_t>(0, all->size() - offset);
  const int64_t count = FlagGiven("tuning_images") ? FLAGS_tuning_images : std::min<int64_t>(200, available);
  if (count <= 0 || count > available) {
    Fail(absl::StrCat("accuracy budget: ", count, " tuning images asked, the tuning data has ", available,
                      " from offset ", offset));
  }
  std::shared_ptr<const Dataset> slice = ValueOrFail(SliceDataset(all, offset, count), "tuning data");
  std::fprintf(stderr, "tuning: %s\n", slice->Describe().c_str());
  request.tuning = ValueOrFail(
      LoadTuningImages(*slice, count, image_floats, top1, FLAGS_label_offset),
      top1 ? "--max_accuracy_drop (labels: --tuning_labels or --calibration_labels)" : "tuning data");
}

void PrintBudgetSearch(const quantization::Fp32FallbackSearch& search,
                       const quantization::AccuracyBudget& budget, const quantization::TuningImages& tuning) {
  const bool top1 = budget.kind == quantization::AccuracyBudget::kMaxTop1Drop;
  std::printf("  accuracy budget: %s on %lld tuning images%s\n", quantization::DescribeBudget(budget).c_str(),
              static_cast<long long>(tuning.images.count),
              top1 ? absl::StrCat(" (FP32 top-1 ", Fixed(search.fp32_top1, 2), "%)").c_str() : "");
  MarkdownTable t({"FP32 layers", "top-1 drop", "agreement", "relative error", "meets", "seconds"});
  for (const auto& c : search.candidates) {
    t.AddRow({c.fp32_layers.empty() ? "none (all INT8)" : absl::StrCat(c.fp32_layers.size()),
              top1 ? Fixed(c.top1_drop, 2) : "-", Fixed(c.agreement, 2) + "%", Fixed(c.relative_error, 4),
              c.meets ? "yes" : "no", Fixed(c.seconds, 1)});
  }
  std::printf("%s", t.ToString().c_str());
  // A top-1 difference on N images moves in steps of 100/N points, and by
  // chance by about sqrt(changed predictions)/N: say so when the budget is finer.
  const auto& chosen = search.candidates.back();
  const double changed = (100.0 - chosen.agreement) / 100.0 * tuning.images.count;
  const double noise = 100.0 * std::sqrt(std::max(1.0, changed)) / tuning.images.count;
  if (top1 && budget.value < noise) {
    std::printf(
        "  note: on %lld images a top-1 difference has a chance spread of about %.1f points "
        "(sqrt of the changed predictions / images), more than the budget: use more tuning images "
        "(--tuning_images) or --min_agreement\n",
        static_cast<long long>(tuning.images.count), noise);
  }
  std::printf("  kept FP32 by the budget: %s (search %.1f s; models measured: %zu; layer ranking %.1f s)\n",
              search.fp32_layers.empty() ? "none" : absl::StrJoin(search.fp32_layers, ", ").c_str(),
              search.seconds, search.candidates.size(), search.ranking_seconds);
}

Shard ShardFromFlags() {
  return ValueOrFail(
      ResolveShard({FlagGiven("shard_index"), FLAGS_shard_index, FlagGiven("num_shards"), FLAGS_num_shards},
                   [](const char* name) { return std::getenv(name); }),
      "--shard_index");
}

// --calibration_shard_dir: this task's shard of the calibration.
int CalibrateShardStep(const ir::Graph& model, quantization::PipelineOptions& request) {
  const Shard shard = ShardFromFlags();
  request.calibration_shard = quantization::ImageShard{shard.index, shard.count};
  request.cache_path = ShardFilePath(ResolvePath(FLAGS_calibration_shard_dir), shard, ".calibration");
  request.progress = nullptr;
  FailIfError(quantization::CalibrateShard(model, request), "calibration shard");
  std::printf("calibrated shard %d of %d (%s) of %s\nwrote %s\n", shard.index, shard.count,
              shard.source.c_str(), request.calibration_description.c_str(), request.cache_path.c_str());
  return 0;
}

// --calibration_shards: every shard merged into the cache QuantizeModel reads.
void MergeCalibrationShardsInto(const std::string& cache, const quantization::PipelineOptions& request) {
  const std::vector<std::string> files = ValueOrFail(
      CompleteShardFiles(ResolvePath(FLAGS_calibration_shards), ".calibration"), "--calibration_shards");
  const std::string description =
      ValueOrFail(quantization::MergeCalibrationShards(files, cache), "--calibration_shards");
  if (description != request.calibration_description) {
    Fail(absl::StrCat("--calibration_shards calibrated ", description, "; these flags describe ",
                      request.calibration_description, " (give the shards' calibration flags)"));
  }
  std::printf("merged %zu calibration shards into %s\n", files.size(), cache.c_str());
}

// --budget_candidate_dir: this task's candidate of the split budget search.
int BudgetCandidateStep(const ir::Graph& model, quantization::PipelineOptions& request,
                        const std::string& name) {
  const Shard shard = ShardFromFlags();
  request.budget_candidate = quantization::ImageShard{shard.index, shard.count};
  const quantization::PipelineResult result = ValueOrFail(quantization::QuantizeModel(model, request), name);
  const std::string path = ShardFilePath(ResolvePath(FLAGS_budget_candidate_dir), shard, ".json");
  const quantization::CandidateResult& c = *result.budget_candidate;
  FailIfError(WriteCandidateFile(path, *request.accuracy_budget, c), "--budget_candidate_dir");
  std::printf(
      "candidate %d of %d (%s): %zu layers FP32, agreement %.2f%%, top-1 drop %.2f, %s the budget\n"
      "wrote %s\n",
      shard.index, shard.count, shard.source.c_str(), c.fp32_layers.size(), c.agreement, c.top1_drop,
      c.meets ? "meets" : "misses", path.c_str());
  return 0;
}

// --budget_ranking_dir: this task's share of the layer ranking.
int BudgetRankingStep(const ir::Graph& model, quantization::PipelineOptions& request,
                      const std::string& name) {
  const Shard shard = ShardFromFlags();
  request.ranking_shard = quantization::ImageShard{shard.index, shard.count};
  const quantization::PipelineResult result = ValueOrFail(quantization::QuantizeModel(model, request), name);
  const std::string path = ShardFilePath(ResolvePath(FLAGS_budget_ranking_dir), shard, ".json");
  FailIfError(WriteRankingFile(path, *request.accuracy_budget, result.layer_ranking), "--budget_ranking_dir");
  std::printf("ranked %zu layers (shard %d of %d, %s)\nwrote %s\n", result.layer_ranking.size(), shard.index,
              shard.count, shard.source.c_str(), path.c_str());
  return 0;
}

// --budget_candidates: the winner's layers kept FP32, no search. Returns them.
std::vector<std::string> ApplyBudgetCandidates(quantization::PipelineOptions& request) {
  const quantization::AccuracyBudget budget = BudgetFromFlags();
  const std::vector<std::string> files =
      ValueOrFail(CompleteShardFiles(ResolvePath(FLAGS_budget_candidates), ".json"), "--budget_candidates");
  const std::vector<quantization::CandidateResult> candidates =
      ValueOrFail(ReadCandidateFiles(files, budget), "--budget_candidates");
  MarkdownTable t({"candidate", "FP32 layers", "top-1 drop", "agreement", "meets", "seconds"});
  for (size_t k = 0; k < candidates.size(); ++k) {
    const auto& c = candidates[k];
    t.AddRow({absl::StrCat(k), absl::StrCat(c.fp32_layers.size()), Fixed(c.top1_drop, 2),
              Fixed(c.agreement, 2) + "%", c.meets ? "yes" : "no", Fixed(c.seconds, 1)});
  }
  std::printf("accuracy budget %s, %zu candidates:\n%s", quantization::DescribeBudget(budget).c_str(),
              candidates.size(), t.ToString().c_str());
  const quantization::CandidateResult chosen =
      ValueOrFail(quantization::PickFallbackCandidate(candidates, budget), "--budget_candidates");
  std::printf("kept FP32 by the budget: %s\n",
              chosen.fp32_layers.empty() ? "none" : absl::StrJoin(chosen.fp32_layers, ", ").c_str());
  request.quantizer.exclude_nodes.insert(chosen.fp32_layers.begin(), chosen.fp32_layers.end());
  return chosen.fp32_layers;
}

std::unique_ptr<runtime::Session> Compile(const ir::Graph& g, int threads, const std::string& what) {
  runtime::SessionOptions options;
  options.num_threads = threads;
  options.memory_budget_bytes = MemoryBudgetBytes();
  return ValueOrFail(runtime::Session::Create(g, options), what);
}

int Main() {
  const bool defaults = FLAGS_model.empty();
  const std::string model_spec = defaults ? "zoo:mobilenet_v2" : FLAGS_model;
  const std::string name = ModelDisplayName(model_spec);
  const std::string stem = name.substr(0, name.find('.'));
  const std::string output = ResolvePath(FLAGS_output.empty() ? stem + "_int8.mint8" : FLAGS_output);
  CheckOutputDirectory(output);
  ValidateFlags(output);
  const std::string cache =
      FLAGS_calibration_cache.empty() ? output + ".calibration" : ResolvePath(FLAGS_calibration_cache);

  quantization::PipelineOptions request;
  quantization::QuantizerOptions& options = request.quantizer;
  options.target = ValueOrFail(quantization::ParseInt8Target(FLAGS_target), "--target");
  options.algorithm =
      ValueOrFail(quantization::ParseCalibrationAlgorithm(FLAGS_activation_algo), "--activation_algo");
  options.percentile = FLAGS_percentile;
  options.exclude_nodes = SplitSet(FLAGS_exclude_ops);
  options.exclude_op_types = SplitSet(FLAGS_exclude_op_types);
  options.weight_bits = FLAGS_weight_bits;
  options.activation_bits = FLAGS_activation_bits;
  options.asymmetric_activations = FLAGS_asymmetric_activations;

  std::fprintf(stderr, "%s: loading\n", name.c_str());
  const ir::Graph model = ValueOrFail(LoadModelSpec(model_spec), model_spec);
  const bool has_qdq = quantization::HasQdqNodes(model);
  if (FLAGS_mode == "qat" && !has_qdq)
    Fail("--mode=qat: the model has no QuantizeLinear/DequantizeLinear nodes");
  const bool qat = FLAGS_mode == "qat" || (FLAGS_mode == "auto" && has_qdq);
  std::string calibration_spec = FLAGS_calibration_data;
  if (calibration_spec.empty() && !qat) {
    if (model_spec.rfind("zoo:", 0) != 0)
      Fail("--calibration_data is required for a model file (see --help)");
    calibration_spec = "synthetic:1000";
  }
  request.mode = FLAGS_mode == "qat"   ? quantization::PipelineMode::kQat
                 : FLAGS_mode == "ptq" ? quantization::PipelineMode::kPtq
                                       : quantization::PipelineMode::kAuto;
  if (!FLAGS_input_shape.empty()) {
    request.input_shapes =
        ValueOrFail(ParseInputShapes(FLAGS_input_shape, model.inputs()[0]), "--input_shape");
  }
  // The input geometry decides the preprocessing; take it from the prepared graph.
  runtime::SessionOptions probe_options;
  probe_options.input_shapes = request.input_shapes;
  const std::unique_ptr<runtime::Session> shape_probe =
      ValueOrFail(runtime::Session::Create(model, probe_options), name);
  const ir::Dims input = shape_probe->inputs()[0].dims;
  const Preprocessing preprocessing = PreprocessingFromFlags(input);
  std::shared_ptr<const Dataset> calibration_all, calibration;
  if (!calibration_spec.empty()) {
    calibration_all = ValueOrFail(
        OpenDataset(
            calibration_spec.rfind("synthetic", 0) == 0 ? calibration_spec : ResolvePath(calibration_spec),
            FLAGS_calibration_labels.empty() ? "" : ResolvePath(FLAGS_calibration_labels), preprocessing),
        "--calibration_data");
    calibration =
        ValueOrFail(SliceDataset(calibration_all, FLAGS_calibration_offset, FLAGS_calibration_images),
                    "--calibration_offset");
    if (calibration->size() < FLAGS_calibration_images) {
      Fail(absl::StrCat("--calibration_images=", FLAGS_calibration_images,
                        " but --calibration_data has only ", calibration->size(), " images from offset ",
                        FLAGS_calibration_offset));
    }
    std::fprintf(stderr, "calibration: %s\n", calibration->Describe().c_str());
  }
  if ((FlagGiven("max_accuracy_drop") || FlagGiven("min_agreement")) && FLAGS_budget_candidates.empty() &&
      FLAGS_calibration_shard_dir.empty()) {
    SetAccuracyBudget(calibration_all, input, request);
  }
  std::unique_ptr<ProgressLine> progress;
  if (calibration)
    progress = SetCalibration(*calibration, FLAGS_calibration_images, /*quiet=*/false, request);
  request.calibration_batch_size = FLAGS_calibration_batch_size;
  request.cache_path = cache;
  request.fp32_fallback_layers = FLAGS_fp32_fallback_layers;
  request.tuning_images = FLAGS_tuning_images;
  request.layer_report = !FLAGS_report.empty();
  request.equalize_channels = FLAGS_equalize_channels;
  // Timed here, so only for a model meant for a CPU like this one (a
  // VNNI-less target quantized on a VNNI machine keeps them INT8).
  if (FLAGS_depthwise_precision == "auto" && !quantization::TargetHasVnni(quantization::Int8Target::kHost))
    request.time_models = InterleavedModelTimer(2.0, MemoryBudgetBytes());
  if (!FLAGS_calibration_shard_dir.empty()) return CalibrateShardStep(model, request);
  if (!FLAGS_calibration_shards.empty()) MergeCalibrationShardsInto(cache, request);
  if (!FLAGS_budget_ranking_dir.empty()) return BudgetRankingStep(model, request, name);
  if (!FLAGS_budget_ranking.empty()) {
    const std::vector<std::string> files =
        ValueOrFail(CompleteShardFiles(ResolvePath(FLAGS_budget_ranking), ".json"), "--budget_ranking");
    request.layer_ranking =
        ValueOrFail(ReadRankingFiles(files, *request.accuracy_budget), "--budget_ranking");
  }
  if (!FLAGS_budget_candidate_dir.empty()) return BudgetCandidateStep(model, request, name);
  std::vector<std::string> picked_fp32_layers;
  if (!FLAGS_budget_candidates.empty()) picked_fp32_layers = ApplyBudgetCandidates(request);
  const quantization::PipelineResult ptq = ValueOrFail(quantization::QuantizeModel(model, request), name);
  if (progress != nullptr && !ptq.cache_hit) progress->Finish();
  const bool onnx = absl::EndsWith(output, ".onnx");
  const ir::OnnxExportOptions onnx_options{
      ValueOrFail(ir::ParseOnnxExportLayout(FLAGS_onnx_layout), "--onnx_layout")};
  FailIfError(onnx ? ir::ExportOnnxFile(ptq.int8, output, onnx_options) : ir::SaveModelFile(ptq.int8, output),
              "--output");

  std::printf("\n%s quantized: %d nodes INT8, %d FP32; activations %s, %d-bit; weights %d-bit per channel\n",
              name.c_str(), ptq.report.int8_nodes, ptq.report.fp32_nodes, ptq.report.algorithm.c_str(),
              ptq.report.activation_bits, ptq.report.weight_bits);
  std::set<std::string> for_accuracy(picked_fp32_layers.begin(), picked_fp32_layers.end());
  for (const auto& layer : ptq.fallback) for_accuracy.insert(layer.node);
  if (ptq.budget_search.has_value())
    for_accuracy.insert(ptq.budget_search->fp32_layers.begin(), ptq.budget_search->fp32_layers.end());
  for (const auto& [node, why] : ptq.report.fp32_compute_nodes) {
    if (!for_accuracy.count(node)) std::printf("  FP32: %s (%s)\n", node.c_str(), why.c_str());
  }
  if (!ptq.equalized.empty()) {
    int scaled = 0, channels = 0;
    float largest = 1.f;
    for (const auto& e : ptq.equalized) {
      scaled += e.scaled;
      channels += e.channels;
      largest = std::max(largest, e.largest_factor);
    }
    std::printf("  cross-layer equalization: %zu activations, %d of their %d channels scaled (up to %.1fx)\n",
                ptq.equalized.size(), scaled, channels, largest);
  }
  if (ptq.depthwise_precision.has_value()) {
    const quantization::DepthwisePrecision& d = *ptq.depthwise_precision;
    std::printf("depthwise convolutions (%zu) on this CPU: %.1f images/s INT8, %.1f with them FP32 -> %s\n",
                d.nodes.size(), d.int8_images_per_second, d.fp32_images_per_second,
                d.kept_fp32 ? "kept FP32" : "INT8");
  }
  if (!ptq.modes.empty()) {
    std::printf(
        "  target without VNNI (--target); the exact modes compared against FP32 on the calibration "
        "images:\n");
    for (const auto& m : ptq.modes) {
      std::printf(
          "    %d-bit weights, %d-bit activations: relative output error %.4f, top-1 agreement %.1f%%%s\n",
          m.weight_bits, m.activation_bits, m.relative_error, m.top1_agreement,
          &m == &ptq.modes[0] ? "  <- kept" : "");
    }
  }
  if (ptq.budget_search.has_value())
    PrintBudgetSearch(*ptq.budget_search, *request.accuracy_budget, *request.tuning);
  for (const auto& layer : ptq.fallback) {
    std::printf("  FP32 by --fp32_fallback_layers: %s (model output error with only it FP32: %.4f)\n",
                layer.node.c_str(), layer.relative_error);
  }
  if (!ptq.report.zero_tensors.empty()) {
    std::printf("  all-zero during calibration (scale fixed to threshold 1): %s\n",
                absl::StrJoin(ptq.report.zero_tensors, ", ").c_str());
  }
  if (qat) {
    std::printf("QAT conversion: %d tensor scales taken from the model's QDQ pairs%s\n", ptq.harvested_scales,
                calibration ? "; calibration only for tensors without one" : "");
  }
  if (calibration) {
    std::printf("calibration statistics: %s (%s)\n", cache.c_str(),
                ptq.cache_hit
                    ? absl::StrCat("reused: ", ptq.cache_description).c_str()
                    : absl::StrCat("computed in ", Fixed(ptq.calibration_seconds, 1), " s").c_str());
    if (!ptq.stale_cache_description.empty()) {
      std::printf("  (replaced statistics of other calibration data: %s)\n",
                  ptq.stale_cache_description.c_str());
    }
  }
  std::printf("wrote %s%s\n", output.c_str(),
              onnx ? absl::StrCat(" (QDQ ONNX, opset ", ir::ExportOnnxOpset(ptq.int8),
                                  ", passes the ONNX checker; ", FLAGS_onnx_layout, " layout)")
                         .c_str()
                   : "");
  if (ptq.layer_report.has_value()) {
    const std::string dir = ResolvePath(FLAGS_report);
    std::vector<std::pair<std::string, std::string>> summary = {
        {"model", model_spec},
        {"INT8 model", output},
        {"nodes", absl::StrCat(ptq.report.int8_nodes, " INT8, ", ptq.report.fp32_nodes, " FP32")},
        {"activations", absl::StrCat(ptq.report.algorithm, ", ", ptq.report.activation_bits, "-bit")},
        {"weights", absl::StrCat(ptq.report.weight_bits, "-bit, per channel")},
        {"calibration", ptq.cache_description},
        {"CPU", std::string(absl::StripAsciiWhitespace(GetCpuFeatures().brand))}};
    if (ptq.budget_search.has_value()) {
      summary.push_back({"accuracy budget",
                         absl::StrCat(quantization::DescribeBudget(*request.accuracy_budget), "; kept FP32: ",
                                      ptq.budget_search->fp32_layers.empty()
                                          ? "none"
                                          : absl::StrJoin(ptq.budget_search->fp32_layers, ", "))});
    }
    FailIfError(WriteLayerReport(dir, name, summary, *ptq.layer_report), "--report");
    std::printf("wrote %s/report.md, report.json, report.html (%zu layers)\n", dir.c_str(),
                ptq.layer_report->layers.size());
  }
  std::printf("\n");

  // A QAT model is compared with itself run as is (QDQ emulated in FP32).
  const ir::Graph& reference = qat ? model : ptq.prepared;
  std::unique_ptr<runtime::Session> fp32 = Compile(reference, FLAGS_threads > 0 ? FLAGS_threads : 1, name);
  std::unique_ptr<runtime::Session> int8 = Compile(ptq.int8, FLAGS_threads > 0 ? FLAGS_threads : 1, output);
  if (!FLAGS_eval_data.empty()) {
    std::shared_ptr<const Dataset> eval_all = ValueOrFail(
        OpenDataset(ResolvePath(FLAGS_eval_data),
                    FLAGS_eval_labels.empty() ? "" : ResolvePath(FLAGS_eval_labels), preprocessing),
        "--eval_data");
    std::shared_ptr<const Dataset> eval =
        ValueOrFail(SliceDataset(eval_all, FLAGS_eval_offset, FLAGS_eval_limit), "--eval_offset");
    std::vector<int64_t> indices(eval->size());
    for (int64_t i = 0; i < eval->size(); ++i) indices[i] = i;
    const auto items =
        ValueOrFail(ClassifyDataset({fp32.get(), int8.get()}, *eval, indices, FLAGS_label_offset,
                                    FLAGS_threads, "evaluating FP32 and INT8"));
    const AccuracySummary summary = Summarize(items, 2);
    std::printf("%s on %s%s\n%s\n", name.c_str(), eval->Describe().c_str(),
                qat ? " (FP32 columns: the QDQ model run as is, fake quantization emulated)" : "",
                (eval->labeled() ? AccuracyTable(name, summary) : AgreementTable(name, summary)).c_str());
  } else if (defaults) {
    // Agreement of INT8 with FP32 on synthetic images not used for calibration.
    std::shared_ptr<const Dataset> held_out =
        ValueOrFail(SliceDataset(calibration_all, 100 + FLAGS_calibration_images, 200), "held-out");
    std::vector<int64_t> indices(held_out->size());
    for (int64_t i = 0; i < held_out->size(); ++i) indices[i] = i;
    const auto items = ValueOrFail(ClassifyDataset({fp32.get(), int8.get()}, *held_out, indices, 0,
                                                   FLAGS_threads, "comparing FP32 and INT8"));
    std::printf("FP32 vs INT8 agreement on %lld held-out synthetic images:\n%s\n",
                static_cast<long long>(held_out->size()), AgreementTable(name, Summarize(items, 2)).c_str());
  }
  if (FLAGS_benchmark_seconds > 0) {
    std::unique_ptr<runtime::Session> fp32_1 = Compile(ptq.prepared, 1, name);  // FP32 weights, no QDQ
    std::unique_ptr<runtime::Session> int8_1 = Compile(ptq.int8, 1, output);
    SpeedOptions speed_options;
    speed_options.min_seconds = FLAGS_benchmark_seconds;
    std::vector<const runtime::Session*> timed = {fp32_1.get(), int8_1.get()};
    std::unique_ptr<runtime::Session> all_int8;
    if (ptq.int8_without_fallback.has_value()) {
      all_int8 = Compile(*ptq.int8_without_fallback, 1, "the all-INT8 model");
      timed.push_back(all_int8.get());
    }
    const auto speeds = ValueOrFail(MeasureInterleaved(timed, speed_options), "timing");
    MarkdownTable t({"model", "FP32 images/s", "INT8 images/s", "ratio INT8/FP32"});
    t.AddRow({name, Fixed(speeds[0].images_per_second, 1), Fixed(speeds[1].images_per_second, 1),
              Fixed(speeds[1].images_per_second / speeds[0].images_per_second, 2)});
    if (all_int8 != nullptr) {
      t.AddRow({"all INT8 (no budget fallback)", Fixed(speeds[0].images_per_second, 1),
                Fixed(speeds[2].images_per_second, 1),
                Fixed(speeds[2].images_per_second / speeds[0].images_per_second, 2)});
    }
    std::printf("batch 1, 1 thread, interleaved:\n%s\n", t.ToString().c_str());
    if (all_int8 != nullptr) {
      std::printf("the %zu layers kept FP32 by the accuracy budget cost %.1f%% of the INT8 speed\n",
                  ptq.budget_search->fp32_layers.size(),
                  100.0 * (1.0 - speeds[1].images_per_second / speeds[2].images_per_second));
    }
  }
  if (defaults) {
    std::printf(
        "This was zoo:mobilenet_v2 on synthetic images. For a real model: bazel run //tools:quantize -- "
        "--model=M.onnx --calibration_data=IMAGES --preprocess=torch|caffe|inception --output=M_int8.mint8 "
        "[--eval_data=VAL --eval_labels=val.txt]\n");
  }
  return 0;
}

}  // namespace
}  // namespace mint8::tools

int main(int argc, char** argv) {
  mint8::tools::ParseFlags(&argc, &argv,
                           "Quantizes an FP32 model to INT8 (post-training).\n"
                           "  quantize [--model=M --calibration_data=D --preprocess=P --output=OUT.mint8]");
  return mint8::tools::Main();
}
