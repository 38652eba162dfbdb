#include "quantization/mode_selection.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <thread>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "ir/op_schema.h"
#include "ir/status_macros.h"
#include "runtime/core_count.h"
#include "runtime/session.h"

namespace mint8::quantization {
namespace {

// Runs images [next, count) through `session` as they are claimed, writing
// each one's first output at its index.
absl::Status RunClaimedImages(const runtime::Session& session, const CalibrationImages& images,
                              std::atomic<int64_t>& next, std::mutex& load_mutex,
                              std::vector<std::vector<float>>& outputs) {
  const runtime::TensorSpec& in_spec = session.inputs()[0];
  std::vector<float> input(ir::NumElements(in_spec.dims));
  std::vector<std::vector<uint8_t>> others;  // every output but the first, discarded
  for (size_t o = 1; o < session.outputs().size(); ++o) {
    const runtime::TensorSpec& spec = session.outputs()[o];
    others.emplace_back(ir::NumElements(spec.dims) * ir::DataTypeSize(spec.dtype));
  }
  for (int64_t i = next++; i < images.count; i = next++) {
    if (images.parallel_load) {
      MINT8_RETURN_IF_ERROR(images.load(i, input.data()));
    } else {
      std::lock_guard<std::mutex> lock(load_mutex);
      MINT8_RETURN_IF_ERROR(images.load(i, input.data()));
    }
    outputs[i].resize(ir::NumElements(session.outputs()[0].dims));
    ir::ConstTensorView in{ir::DataType::kF32, in_spec.dims, input.data()};
    std::vector<ir::MutableTensorView> outs;
    outs.push_back({ir::DataType::kF32, session.outputs()[0].dims, outputs[i].data()});
    for (size_t o = 1; o < session.outputs().size(); ++o) {
      const runtime::TensorSpec& spec = session.outputs()[o];
      outs.push_back({spec.dtype, spec.dims, others[o - 1].data()});
    }
    MINT8_RETURN_IF_ERROR(session.Run({&in, 1}, outs));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<std::vector<float>>> RunFirstOutput(const ir::Graph& graph,
                                                               const CalibrationImages& images) {
  runtime::SessionOptions options;
  // One single-thread session shared by one worker per core, as calibration
  // runs: on a loaded machine a multi-thread run spins at every OpenMP
  // barrier for its descheduled threads (PaddleOCR's classifier quantized
  // 5x slower beside two busy processes), and the outputs do not depend on
  // the core count.
  options.num_threads = 1;
  options.adapt_threads = false;  // a few dozen runs: not worth a second plan
  MINT8_ASSIGN_OR_RETURN(auto session, runtime::Session::Create(graph, options));
  if (session->outputs()[0].dtype != ir::DataType::kF32) {
    return absl::InvalidArgumentError("the first output is not f32");
  }
  std::vector<std::vector<float>> outputs(std::max<int64_t>(images.count, 0));
  std::atomic<int64_t> next{0};
  std::mutex load_mutex, status_mutex;
  absl::Status status;
  auto work = [&] {
    absl::Status s = RunClaimedImages(*session, images, next, load_mutex, outputs);
    if (s.ok()) return;
    next = images.count;  // the other workers stop after their current image
    std::lock_guard<std::mutex> lock(status_mutex);
    if (status.ok()) status = std::move(s);
  };
  const int64_t workers = std::min<int64_t>(images.count, runtime::UsableCores());
  std::vector<std::thread> helpers;
  for (int64_t w = 1; w < workers; ++w) helpers.emplace_back(work);
  work();
  for (std::thread& t : helpers) t.join();
  if (!status.ok()) return status;
  return outputs;
}

std::pair<double, double> CompareOutputs(const std::vector<std::vector<float>>& got,
                                         const std::vector<std::vector<float>>& reference) {
  double err = 0, norm = 0;
  int64_t agree = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    for (size_t k = 0; k < got[i].size(); ++k) {
      err += std::pow(got[i][k] - reference[i][k], 2);
      norm += std::pow(reference[i][k], 2);
    }
    agree += std::max_element(got[i].begin(), got[i].end()) - got[i].begin() ==
             std::max_element(reference[i].begin(), reference[i].end()) - reference[i].begin();
  }
  return {std::sqrt(err / std::max(norm, 1e-30)), 100.0 * agree / std::max<size_t>(1, got.size())};
}

absl::StatusOr<std::vector<ModeResult>> CompareInt8Modes(const ir::Graph& prepared,
                                                         const StatisticsMap& stats,
                                                         const QuantizerOptions& options,
                                                         const CalibrationImages& images,
                                                         const std::vector<std::pair<int, int>>& modes,
                                                         const ir::Graph* reference) {
  MINT8_ASSIGN_OR_RETURN(const auto reference_outputs,
                         RunFirstOutput(reference != nullptr ? *reference : prepared, images));
  std::vector<ModeResult> results;
  for (const auto& [weight_bits, activation_bits] : modes) {
    QuantizerOptions o = options;
    o.weight_bits = weight_bits;
    o.activation_bits = activation_bits;
    MINT8_ASSIGN_OR_RETURN(const ir::Graph q, QuantizeWithStatistics(prepared, stats, o, nullptr));
    MINT8_ASSIGN_OR_RETURN(const auto got, RunFirstOutput(q, images));
    ModeResult r;
    r.weight_bits = weight_bits;
    r.activation_bits = activation_bits;
    std::tie(r.relative_error, r.top1_agreement) = CompareOutputs(got, reference_outputs);
    results.push_back(r);
  }
  std::sort(results.begin(), results.end(),
            [](const ModeResult& a, const ModeResult& b) { return a.relative_error < b.relative_error; });
  return results;
}

absl::StatusOr<std::vector<LayerSensitivity>> RankLayerSensitivity(const ir::Graph& prepared,
                                                                   const StatisticsMap& stats,
                                                                   const QuantizerOptions& options,
                                                                   const CalibrationImages& images,
                                                                   int shard_index, int shard_count) {
  if (shard_count < 1 || shard_index < 0 || shard_index >= shard_count) {
    return absl::InvalidArgumentError(absl::StrCat("ranking shard ", shard_index, " of ", shard_count));
  }
  MINT8_ASSIGN_OR_RETURN(const auto reference, RunFirstOutput(prepared, images));
  std::vector<LayerSensitivity> ranking;
  int position = 0;
  for (const auto& node : prepared.nodes()) {
    if (!ir::IsInt8ComputeOp(*node) || options.exclude_nodes.count(node->name)) continue;
    if (position++ % shard_count != shard_index) continue;
    QuantizerOptions o = options;
    o.exclude_nodes.insert(node->name);
    MINT8_ASSIGN_OR_RETURN(const ir::Graph q, QuantizeWithStatistics(prepared, stats, o, nullptr));
    MINT8_ASSIGN_OR_RETURN(const auto got, RunFirstOutput(q, images));
    ranking.push_back({node->name, CompareOutputs(got, reference).first});
  }
  SortLayerRanking(ranking);
  return ranking;
}

void SortLayerRanking(std::vector<LayerSensitivity>& ranking) {
  std::sort(ranking.begin(), ranking.end(), [](const LayerSensitivity& a, const LayerSensitivity& b) {
    return a.relative_error != b.relative_error ? a.relative_error < b.relative_error : a.node < b.node;
  });
}

}  // namespace mint8::quantization
