// benchmark: images/s, latency percentiles, GMAC/s and % of this core's peak
// for FP32 (and INT8) models; FP32 and INT8 interleaved so their ratio is fair
// on a noisy machine.
//
//   bazel run //tools:benchmark -- --model=zoo:all              # FP32 and INT8
//   bazel run //tools:benchmark -- --model=zoo:all --precision=fp32
//   bazel run //tools:benchmark -- --model=model.onnx --input_shape=1x3x48x192 --profile
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <numeric>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gflags/gflags.h"
#include "ir/file_io.h"
#include "ir/statistics.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/peak_probe.h"
#include "quantization/pipeline.h"
#include "quantization/quantizer.h"
#include "runtime/kernel_choice.h"
#include "runtime/session.h"
#include "runtime/stream_pool.h"
#include "tools/common/calibration_source.h"
#include "tools/common/cli.h"
#include "tools/common/report.h"
#include "tools/common/speed.h"
#include "tools/data/dataset.h"
#include "tools/data/synthetic_images.h"

DEFINE_string(model, "zoo:resnet50",
              "Model(s), comma separated: an ONNX or .mint8 file, zoo:NAME, or zoo:all");
DEFINE_string(precision, "both",
              "fp32, int8 or both (INT8 by quantizing the model first, unless it already is)");
DEFINE_string(calibration_data, "synthetic:100",
              "Calibration images for INT8 (speed does not depend on them)");
DEFINE_int32(calibration_images, 20, "Calibration images for INT8");
DEFINE_int32(batch_size, 1, "Images per run");
DEFINE_int32(threads, 1, "Threads per run (the seed tables use 1)");
DEFINE_int32(warmup, 5, "Untimed runs per session before measuring");
DEFINE_int32(min_iterations, 20, "Timed runs per session, at least");
DEFINE_double(min_seconds, 2.0, "Measure for at least this long per model");
DEFINE_string(input_shape, "", "Input shape(s) for dynamic models: 1x3x224x224 or name:1x3x224x224,...");
DEFINE_bool(profile, false,
            "Print where the time goes: per plan step, op, shape, implementation, median and min ms");
DEFINE_int32(profile_runs, 20, "Profiled runs per session with --profile (the median is reported)");
DEFINE_string(json_out, "", "Also write the results as JSON to this file");
DEFINE_string(backend, "onednn", "onednn or reference");
DEFINE_int32(streams, 1,
             "Throughput mode: N streams (runtime::StreamPool, --threads each, pinned to cores) fed by N "
             "callers, measured in rounds alternating with one stream; 1: latency mode only");
DEFINE_bool(busy_neighbour, false,
            "Run a busy-loop process beside the benchmark (one core taken), to see how --threads > 1 "
            "copes with a loaded machine");
DEFINE_string(depthwise_precision, "auto",
              "auto: on a CPU without VNNI, quantize with the depthwise convolutions INT8 and FP32, time "
              "both (interleaved) and keep the faster, as //tools:quantize does; int8: always INT8");
DEFINE_string(kernels, "fastest",
              "Where mint8 has a kernel of its own (INT8 depthwise convs, SiLU): fastest (timed per "
              "layer while compiling), onednn or mint8");

namespace mint8::tools {
namespace {

using Clock = std::chrono::steady_clock;

struct Candidate {
  std::string precision;
  std::unique_ptr<runtime::Session> session;
  std::unique_ptr<runtime::RunContext> context;
  double compile_seconds = 0;
  std::vector<double> latencies_ms;
  std::vector<std::vector<double>> step_ms;  // profile: plan step -> ms of each profiled run
};

struct Result {
  std::string model, precision;
  int64_t macs_per_image = 0;
  double images_per_second = 0, p50 = 0, p90 = 0, p99 = 0, gmacs = 0, percent_of_peak = 0;
  double compile_seconds = 0, peak_rss_mb = 0;
};

double PeakRssMb() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p * (v.size() - 1) + 0.5));
  return v[i];
}

struct Inputs {
  std::vector<std::vector<float>> data;
  std::vector<ir::ConstTensorView> views;
  std::vector<std::vector<float>> outputs;
  std::vector<ir::MutableTensorView> output_views;
};

// Synthetic images for image-shaped inputs, a smooth ramp otherwise.
Inputs MakeInputs(const runtime::Session& session) {
  Inputs in;
  for (const runtime::TensorSpec& spec : session.inputs()) {
    if (spec.dtype != ir::DataType::kF32) Fail(absl::StrCat("input '", spec.name, "' is not f32"));
    std::vector<float> v(ir::NumElements(spec.dims));
    if (spec.dims.size() == 4 && spec.dims[1] == 3) {
      const int64_t per_image = v.size() / spec.dims[0];
      for (int64_t i = 0; i < spec.dims[0]; ++i) {
        SyntheticImage(7, i, spec.dims[2], spec.dims[3], v.data() + i * per_image);
      }
    } else {
      for (size_t i = 0; i < v.size(); ++i) v[i] = std::sin(0.01f * i);
    }
    in.data.push_back(std::move(v));
  }
  for (size_t i = 0; i < in.data.size(); ++i) {
    in.views.push_back({ir::DataType::kF32, session.inputs()[i].dims, in.data[i].data()});
  }
  for (const runtime::TensorSpec& spec : session.outputs()) {
    in.outputs.emplace_back(ir::NumElements(spec.dims) * ir::DataTypeSize(spec.dtype) / sizeof(float) + 1);
  }
  for (size_t i = 0; i < in.outputs.size(); ++i) {
    in.output_views.push_back({session.outputs()[i].dtype, session.outputs()[i].dims, in.outputs[i].data()});
  }
  return in;
}

bool IsQuantized(const ir::Graph& g) {
  for (const auto& [name, t] : g.tensors()) {
    if (ir::IsInt8(t.dtype) && t.quantization.has_value()) return true;
  }
  return false;
}

std::map<std::string, ir::Dims> InputShapes(const ir::Graph& graph) {
  if (FLAGS_input_shape.empty()) return {};
  return ValueOrFail(ParseInputShapes(FLAGS_input_shape, graph.inputs()[0]), "--input_shape");
}

// The model for `precision`: FP32 as given, INT8 quantized here on
// --calibration_data unless it already is.
ir::Graph ModelFor(const ir::Graph& graph, const std::string& precision, const std::string& display) {
  const bool quantized = IsQuantized(graph);
  if (precision == "fp32") {
    if (quantized) Fail(absl::StrCat(display, " is already INT8; use --precision=int8"));
    return graph;
  }
  if (quantized) return graph;
  runtime::SessionOptions probe_options;
  probe_options.input_shapes = InputShapes(graph);
  const auto probe = ValueOrFail(runtime::Session::Create(graph, probe_options), display);
  const ir::Dims input = probe->inputs()[0].dims;
  quantization::PipelineOptions request;
  request.input_shapes = probe_options.input_shapes;
  int64_t images = FLAGS_calibration_images;
  std::unique_ptr<Dataset> data;
  if (input.size() == 4 && input[1] == 3) {
    const Preprocessing p = ValueOrFail(PresetPreprocessing("torch", input[2], input[3]));
    data = ValueOrFail(
        OpenDataset(FLAGS_calibration_data.rfind("synthetic", 0) == 0 ? FLAGS_calibration_data
                                                                      : ResolvePath(FLAGS_calibration_data),
                    "", p),
        "--calibration_data");
    images = std::min<int64_t>(images, data->size());
    SetCalibration(*data, images, /*quiet=*/true, request);
  } else {
    // Not an image model (an MLP, a sequence model): smooth deterministic
    // values in [-1, 1] calibrate it; only the speed is measured here.
    const int64_t size = ir::NumElements(input) / std::max<int64_t>(input[0], 1);
    request.calibration = quantization::CalibrationImages{images, [size](int64_t i, float* data) {
                                                            for (int64_t k = 0; k < size; ++k) {
                                                              data[k] = std::sin(0.37f * k + 1.3f * i);
                                                            }
                                                            return absl::OkStatus();
                                                          }};
  }
  // As //tools:quantize does by default: without VNNI, depthwise
  // convolutions stay FP32 where that runs faster.
  if (FLAGS_depthwise_precision == "auto" && !quantization::TargetHasVnni(quantization::Int8Target::kHost)) {
    request.time_models = InterleavedModelTimer(1.0, 0);
  }
  std::fprintf(stderr, "%s: quantizing (calibration on %lld images)\n", display.c_str(),
               static_cast<long long>(images));
  const quantization::PipelineResult result =
      ValueOrFail(quantization::QuantizeModel(graph, request), display);
  if (result.depthwise_precision.has_value() && result.depthwise_precision->kept_fp32) {
    std::fprintf(stderr, "%s: %zu depthwise convolutions kept FP32 (faster than INT8 on this CPU)\n",
                 display.c_str(), result.depthwise_precision->nodes.size());
  }
  return result.int8;
}

runtime::SessionOptions CompileOptions(const ir::Graph& graph) {
  runtime::SessionOptions options;
  options.num_threads = FLAGS_threads;
  options.memory_budget_bytes = MemoryBudgetBytes();
  options.batch_size = FLAGS_batch_size;
  options.backend = FLAGS_backend == "reference" ? runtime::Backend::kReference : runtime::Backend::kOnednn;
  options.input_shapes = InputShapes(graph);
  options.kernel_choice = runtime::ParseKernelChoice(FLAGS_kernels).value_or(runtime::KernelChoice::kFastest);
  return options;
}

std::unique_ptr<runtime::Session> Compile(const ir::Graph& graph, const std::string& display) {
  return ValueOrFail(runtime::Session::Create(graph, CompileOptions(graph)), display);
}

struct Throughput {
  std::string model, precision;
  double one_stream = 0, streams = 0, p50 = 0, p99 = 0;
};

// Images/s of one stream (a run at a time on the calling thread) and of
// --streams streams (as many callers), in alternating rounds of `round_s`
// seconds so that both see the same machine; latencies are the streams'.
Throughput MeasureStreams(const ir::Graph& model, const std::string& name, const std::string& precision) {
  auto pool = ValueOrFail(runtime::StreamPool::Create(model, CompileOptions(model), FLAGS_streams), name);
  const runtime::Session& session = pool->session();
  std::vector<Inputs> io;
  for (int i = 0; i < FLAGS_streams; ++i) io.push_back(MakeInputs(session));
  auto context = session.NewContext();
  for (int i = 0; i < FLAGS_warmup; ++i) FailIfError(pool->Run(io[0].views, io[0].output_views), name);
  constexpr double round_s = 0.5;
  double one_time = 0, many_time = 0;
  int64_t one_runs = 0, many_runs = 0;
  std::vector<double> latencies;
  std::mutex latencies_mutex;
  const auto start = Clock::now();
  while (std::chrono::duration<double>(Clock::now() - start).count() < 2 * FLAGS_min_seconds) {
    auto t0 = Clock::now();
    while (std::chrono::duration<double>(Clock::now() - t0).count() < round_s) {
      FailIfError(session.Run(*context, io[0].views, io[0].output_views), name);
      ++one_runs;
    }
    one_time += std::chrono::duration<double>(Clock::now() - t0).count();
    t0 = Clock::now();
    std::vector<std::thread> callers;
    std::atomic<int64_t> runs{0};
    for (int c = 0; c < FLAGS_streams; ++c) {
      callers.emplace_back([&, c] {
        std::vector<double> mine;
        while (std::chrono::duration<double>(Clock::now() - t0).count() < round_s) {
          const auto r0 = Clock::now();
          FailIfError(pool->Run(io[c].views, io[c].output_views), name);
          mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - r0).count());
        }
        runs += static_cast<int64_t>(mine.size());
        std::lock_guard<std::mutex> lock(latencies_mutex);
        latencies.insert(latencies.end(), mine.begin(), mine.end());
      });
    }
    for (std::thread& t : callers) t.join();
    many_time += std::chrono::duration<double>(Clock::now() - t0).count();
    many_runs += runs;
  }
  Throughput t;
  t.model = name;
  t.precision = precision;
  t.one_stream = one_runs * FLAGS_batch_size / one_time;
  t.streams = many_runs * FLAGS_batch_size / many_time;
  t.p50 = Percentile(latencies, 0.5);
  t.p99 = Percentile(latencies, 0.99);
  return t;
}

// Medians, not means: on a shared machine one preempted run would otherwise
// put most of the time on whichever step it hit.
void PrintProfile(const std::string& model, const Candidate& c) {
  std::vector<double> median(c.step_ms.size()), minimum(c.step_ms.size());
  double total = 0;
  for (size_t s = 0; s < c.step_ms.size(); ++s) {
    median[s] = Percentile(c.step_ms[s], 0.5);
    minimum[s] = *std::min_element(c.step_ms[s].begin(), c.step_ms[s].end());
    total += median[s];
  }
  std::vector<std::pair<double, size_t>> order;
  for (size_t s = 0; s < median.size(); ++s) order.push_back({median[s], s});
  std::sort(order.rbegin(), order.rend());
  MarkdownTable table({"#", "op", "node", "output", "implementation", "median ms", "min ms", "%", "note"});
  const auto& steps = c.session->plan().steps;
  for (const auto& [ms, step] : order) {
    const runtime::PlanStep& s = steps[step];
    const runtime::PlanValue& out = c.session->plan().values[s.outputs[0]];
    table.AddRow({absl::StrCat(step), std::string(s.kernel->op_type()), s.node.empty() ? "(reorder)" : s.node,
                  ir::DimsToString(out.dims), s.kernel->implementation(), Fixed(ms, 3),
                  Fixed(minimum[step], 3), Fixed(total > 0 ? 100 * ms / total : 0, 1),
                  s.note.empty() ? s.choice : s.note});
  }
  const size_t runs = c.step_ms.empty() ? 0 : c.step_ms[0].size();
  std::printf("\nProfile of %s (%s), median of %zu runs per step, %.3f ms per run in plan steps:\n%s",
              model.c_str(), c.precision.c_str(), runs, total, table.ToString().c_str());
}

std::vector<Result> BenchmarkModel(const std::string& spec, const PeakRates& peak,
                                   const std::vector<std::string>& precisions) {
  const std::string name = ModelDisplayName(spec);
  std::fprintf(stderr, "%s: loading\n", name.c_str());
  ir::Graph graph = ValueOrFail(LoadModelSpec(spec), spec);
  std::vector<Candidate> candidates;
  for (const std::string& p : precisions) {
    Candidate c;
    c.precision = p;
    const ir::Graph model = ModelFor(graph, p, name);
    const auto start = Clock::now();
    c.session = Compile(model, name);
    c.compile_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    c.context = c.session->NewContext();
    candidates.push_back(std::move(c));
  }
  Inputs io = MakeInputs(*candidates[0].session);
  for (Candidate& c : candidates) {
    for (int i = 0; i < FLAGS_warmup; ++i) {
      FailIfError(c.session->Run(*c.context, io.views, io.output_views), name);
    }
  }
  std::fprintf(stderr, "%s: measuring\n", name.c_str());
  const auto start = Clock::now();
  for (int iteration = 0;; ++iteration) {
    const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (iteration >= FLAGS_min_iterations && elapsed >= FLAGS_min_seconds) break;
    for (Candidate& c : candidates) {  // interleaved: both precisions see the same noise
      const auto t0 = Clock::now();
      FailIfError(c.session->Run(*c.context, io.views, io.output_views), name);
      c.latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
  }
  std::vector<Result> results;
  for (Candidate& c : candidates) {
    Result r;
    r.model = name;
    r.precision = c.precision;
    r.macs_per_image = ir::CountMacs(c.session->graph()) / FLAGS_batch_size;
    const double mean_ms =
        std::accumulate(c.latencies_ms.begin(), c.latencies_ms.end(), 0.0) / c.latencies_ms.size();
    r.images_per_second = 1000.0 * FLAGS_batch_size / mean_ms;
    r.p50 = Percentile(c.latencies_ms, 0.5);
    r.p90 = Percentile(c.latencies_ms, 0.9);
    r.p99 = Percentile(c.latencies_ms, 0.99);
    r.gmacs = r.macs_per_image * r.images_per_second / 1e9;
    const double core_peak = c.precision == "int8" ? peak.int8_macs_per_second : peak.fp32_macs_per_second;
    r.percent_of_peak = 100.0 * r.gmacs * 1e9 / (core_peak * c.session->num_threads());
    r.compile_seconds = c.compile_seconds;
    r.peak_rss_mb = PeakRssMb();
    results.push_back(r);
    if (FLAGS_profile) {
      std::vector<runtime::StepProfile> profile;
      for (int i = 0; i < FLAGS_profile_runs; ++i) {
        FailIfError(c.session->RunProfiled(*c.context, io.views, io.output_views, profile), name);
        c.step_ms.resize(profile.size());
        for (size_t s = 0; s < profile.size(); ++s) c.step_ms[s].push_back(profile[s].milliseconds);
      }
      PrintProfile(name, c);
    }
  }
  return results;
}

std::string ToJson(const std::vector<Result>& results, const PeakRates& peak) {
  JsonWriter j;
  j.BeginObject();
  j.Key("machine").BeginObject();
  j.Key("cpu").String(GetCpuFeatures().brand);
  j.Key("kernel_isa").String(IsaName(BestAvailableIsa()));
  j.Key("peak_fp32_gmacs_per_core").Number(peak.fp32_macs_per_second / 1e9);
  j.Key("peak_int8_gmacs_per_core").Number(peak.int8_macs_per_second / 1e9);
  j.Key("peak_fp32_instructions").String(peak.fp32_isa);
  j.Key("peak_int8_instructions").String(peak.int8_isa);
  j.EndObject();
  j.Key("config").BeginObject().Key("batch_size").Int(FLAGS_batch_size).Key("threads").Int(FLAGS_threads);
  j.Key("backend").String(FLAGS_backend).EndObject();
  j.Key("results").BeginArray();
  for (const Result& r : results) {
    j.BeginObject().Key("model").String(r.model).Key("precision").String(r.precision);
    j.Key("images_per_second").Number(r.images_per_second);
    j.Key("latency_ms")
        .BeginObject()
        .Key("p50")
        .Number(r.p50)
        .Key("p90")
        .Number(r.p90)
        .Key("p99")
        .Number(r.p99)
        .EndObject();
    j.Key("macs_per_image").Int(r.macs_per_image).Key("gmacs_per_second").Number(r.gmacs);
    j.Key("percent_of_peak").Number(r.percent_of_peak).Key("compile_seconds").Number(r.compile_seconds);
    j.Key("peak_rss_mb").Number(r.peak_rss_mb).EndObject();
  }
  j.EndArray().EndObject();
  return j.str() + "\n";
}

// A child process spinning on one core until the benchmark exits (or dies).
class BusyNeighbour {
 public:
  BusyNeighbour() {
    pid_ = fork();
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      for (volatile uint64_t spin = 0;; spin = spin + 1) {
      }
    }
    if (pid_ < 0) Fail("--busy_neighbour: fork failed");
  }
  ~BusyNeighbour() {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }

 private:
  pid_t pid_;
};

int Main() {
  std::vector<std::string> precisions;
  if (FLAGS_precision == "fp32" || FLAGS_precision == "int8")
    precisions = {FLAGS_precision};
  else if (FLAGS_precision == "both")
    precisions = {"fp32", "int8"};
  else
    Fail(absl::StrCat("--precision must be fp32, int8 or both, not '", FLAGS_precision, "'"));
  if (FLAGS_backend != "onednn" && FLAGS_backend != "reference")
    Fail("--backend must be onednn or reference");
  if (FLAGS_depthwise_precision != "auto" && FLAGS_depthwise_precision != "int8") {
    Fail(absl::StrCat("--depthwise_precision must be auto or int8, not '", FLAGS_depthwise_precision, "'"));
  }
  if (!runtime::ParseKernelChoice(FLAGS_kernels).has_value()) {
    Fail(absl::StrCat("--kernels must be fastest, onednn or mint8, not '", FLAGS_kernels, "'"));
  }
  if (FLAGS_batch_size < 1 || FLAGS_min_iterations < 1 || FLAGS_profile_runs < 1) {
    Fail("--batch_size, --min_iterations and --profile_runs must be >= 1");
  }
  CheckThreadsFlag(FLAGS_threads);
  if (FLAGS_streams < 1 || FLAGS_streams > runtime::kMaxThreads) {
    Fail(absl::StrCat("--streams must be 1 to ", runtime::kMaxThreads));
  }
  MemoryBudgetBytes();
  const std::string json_path = ResolvePath(FLAGS_json_out);
  std::fprintf(stderr, "measuring this core's peak multiply-accumulate rates...\n");
  const PeakRates peak = MeasurePeakRates(0.1);
  std::unique_ptr<BusyNeighbour> neighbour;
  if (FLAGS_busy_neighbour) neighbour = std::make_unique<BusyNeighbour>();
  std::vector<Result> results;
  std::vector<Throughput> throughput;
  for (const std::string& spec : ExpandModelSpecs(FLAGS_model)) {
    for (Result& r : BenchmarkModel(spec, peak, precisions)) results.push_back(r);
    if (FLAGS_streams == 1) continue;
    const std::string name = ModelDisplayName(spec);
    const ir::Graph graph = ValueOrFail(LoadModelSpec(spec), spec);
    for (const std::string& p : precisions) {
      std::fprintf(stderr, "%s: %d streams (%s)\n", name.c_str(), FLAGS_streams, p.c_str());
      throughput.push_back(MeasureStreams(ModelFor(graph, p, name), name, p));
    }
  }

  std::printf("\nCPU: %s; kernels: %s; peak per core: FP32 %.1f GMAC/s (%s), INT8 %.1f GMAC/s (%s)\n",
              GetCpuFeatures().brand.c_str(), IsaName(BestAvailableIsa()), peak.fp32_macs_per_second / 1e9,
              peak.fp32_isa.c_str(), peak.int8_macs_per_second / 1e9, peak.int8_isa.c_str());
  std::printf("batch %d, %d thread(s), %s backend, kernels: %s%s\n\n", FLAGS_batch_size, FLAGS_threads,
              FLAGS_backend.c_str(), FLAGS_kernels.c_str(),
              FLAGS_busy_neighbour ? ", with a busy-loop process beside it" : "");
  MarkdownTable seed({"model", "FP32 images/s", "INT8 images/s", "ratio INT8/FP32"});
  std::map<std::string, std::map<std::string, double>> by_model;
  std::vector<std::string> order;
  for (const Result& r : results) {
    if (by_model[r.model].empty()) order.push_back(r.model);
    by_model[r.model][r.precision] = r.images_per_second;
  }
  for (const std::string& m : order) {
    auto& p = by_model[m];
    const bool both = p.count("fp32") && p.count("int8");
    seed.AddRow({m, p.count("fp32") ? Fixed(p["fp32"], 1) : "-", p.count("int8") ? Fixed(p["int8"], 1) : "-",
                 both ? Fixed(p["int8"] / p["fp32"], 2) : "-"});
  }
  std::printf("%s\n", seed.ToString().c_str());
  MarkdownTable detail({"model", "precision", "images/s", "p50 ms", "p90 ms", "p99 ms", "GMAC/image",
                        "GMAC/s", "% of peak", "compile s", "peak RSS MB"});
  for (const Result& r : results) {
    detail.AddRow({r.model, r.precision, Fixed(r.images_per_second, 1), Fixed(r.p50, 2), Fixed(r.p90, 2),
                   Fixed(r.p99, 2), Fixed(r.macs_per_image / 1e9, 3), Fixed(r.gmacs, 1),
                   Fixed(r.percent_of_peak, 0), Fixed(r.compile_seconds, 2), Fixed(r.peak_rss_mb, 0)});
  }
  std::printf("%s", detail.ToString().c_str());
  if (!throughput.empty()) {
    MarkdownTable streams({"model", "precision", "1 stream images/s",
                           absl::StrCat(FLAGS_streams, " streams images/s"), "scaling", "p50 ms", "p99 ms"});
    for (const Throughput& t : throughput) {
      streams.AddRow({t.model, t.precision, Fixed(t.one_stream, 1), Fixed(t.streams, 1),
                      Fixed(t.streams / t.one_stream, 2), Fixed(t.p50, 2), Fixed(t.p99, 2)});
    }
    std::printf("\nThroughput mode: %d streams of %d thread(s), rounds alternating with one stream:\n%s",
                FLAGS_streams, FLAGS_threads, streams.ToString().c_str());
  }
  if (!json_path.empty()) {
    FailIfError(ir::WriteStringToFileAtomically(json_path, ToJson(results, peak)), "--json_out");
    std::printf("\nwrote %s\n", json_path.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace mint8::tools

int main(int argc, char** argv) {
  mint8::tools::ParseFlags(&argc, &argv,
                           "Measures images/s and latency of FP32/INT8 models.\n"
                           "  benchmark --model=zoo:all --precision=fp32");
  return mint8::tools::Main();
}
