// evaluate: top-1/top-5 accuracy of a model (and of its INT8 version, side by
// side with the difference) on a labeled dataset, using all cores by default.
//
//   bazel run //tools:evaluate -- --model=squeezenet1.1.onnx --preprocess=caffe
//       --dataset=imagenet-val1300/images --labels=imagenet-val1300/labels.txt
//   ... --int8_model=squeezenet_int8.mint8          # FP32 vs INT8 table
//   ... --shard_index=0 --num_shards=4 --json_out=s0.json; evaluate --merge=s0.json,s1.json,...
//   ... --shard_dir=DIR (in a Slurm array task: its shard); then evaluate --merge=DIR
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gflags/gflags.h"
#include "ir/file_io.h"
#include "runtime/kernel_choice.h"
#include "runtime/session.h"
#include "tools/common/accuracy.h"
#include "tools/common/cli.h"
#include "tools/common/json_value.h"
#include "tools/common/preprocess_flags.h"
#include "tools/common/report.h"
#include "tools/common/shard.h"
#include "tools/data/dataset.h"

DEFINE_string(model, "", "The (FP32) model: ONNX, .mint8 or zoo:NAME");
DEFINE_string(int8_model, "", "Optional INT8 model (.mint8 from //tools:quantize) to compare with --model");
DEFINE_string(dataset, "", "Image folder, PaddlePaddle .bin file, or synthetic[:N]");
DEFINE_string(labels, "", "Labels file (FILENAME LABEL lines) for an image folder");
DEFINE_int32(label_offset, 0, "Output index of label 0 (1 for models with a background class)");
DEFINE_int32(offset, 0, "Skip this many images");
DEFINE_int32(limit, -1, "Evaluate at most this many images");
DEFINE_int32(threads, 0, "Parallel sessions (0: all cores)");
DEFINE_int32(shard_index, 0,
             "This shard (of --num_shards) of the images: image i is in shard i % num_shards (default: the "
             "Slurm array task, SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN, or a Kubernetes Indexed Job's "
             "JOB_COMPLETION_INDEX)");
DEFINE_int32(num_shards, 1, "Split the images into this many shards (default: SLURM_ARRAY_TASK_COUNT)");
DEFINE_string(json_out, "", "Write results (and per-image predictions) as JSON here");
DEFINE_string(shard_dir, "",
              "Write this shard's results to DIR/shard-K-of-N.json (atomically; a re-run task replaces "
              "its file); merge them with --merge=DIR");
DEFINE_string(backend, "onednn", "onednn, or reference (mint8's exact oracle kernels; slow)");
DEFINE_string(kernels, "mint8",
              "Where oneDNN and one of mint8's kernels both run a layer: mint8 (exact, so every process "
              "computes the same bits and shards merge to what one process gives), onednn, or fastest "
              "(timed per layer in each process; the two may differ by one unit in the last place)");
DEFINE_string(merge, "",
              "Merge shard results instead of evaluating: a --shard_dir directory (every shard must be "
              "there, once) or comma-separated JSON files");
DEFINE_string(input_shape, "", "Input shape for dynamic models: 1x3x640x640");
DEFINE_string(dump_outputs, "",
              "Write the raw outputs as NumPy float32 [images, classes] files PREFIX.fp32.npy (and "
              "PREFIX.int8.npy), rows in evaluation order, to compare with other runtimes");

namespace mint8::tools {
namespace {

struct Evaluation {
  std::string model, int8_model, dataset;
  int64_t dataset_size = 0;
  Shard shard;
  std::vector<ItemResult> items;
};

std::unique_ptr<runtime::Session> Compile(const std::string& spec) {
  ir::Graph graph = ValueOrFail(LoadModelSpec(spec), spec);
  runtime::SessionOptions options;
  if (!FLAGS_input_shape.empty() && !graph.inputs().empty()) {
    options.input_shapes =
        ValueOrFail(ParseInputShapes(FLAGS_input_shape, graph.inputs()[0]), "--input_shape");
  }
  options.num_threads = 1;  // parallelism comes from running sessions side by side
  options.memory_budget_bytes = MemoryBudgetBytes();
  if (FLAGS_backend == "reference")
    options.backend = runtime::Backend::kReference;
  else if (FLAGS_backend != "onednn")
    Fail("--backend must be onednn or reference");
  const std::optional<runtime::KernelChoice> kernels = runtime::ParseKernelChoice(FLAGS_kernels);
  if (!kernels.has_value()) Fail("--kernels must be mint8, onednn or fastest");
  options.kernel_choice = *kernels;
  auto session = ValueOrFail(runtime::Session::Create(graph, options), spec);
  if (session->inputs().size() != 1 || session->inputs()[0].dims.size() != 4 ||
      session->inputs()[0].dims[0] != 1 || session->inputs()[0].dims[1] != 3) {
    Fail(absl::StrCat(spec, ": evaluate needs one 1x3xHxW image input; the model takes ",
                      ir::DimsToString(session->inputs()[0].dims)));
  }
  if (session->outputs()[0].dtype != ir::DataType::kF32) Fail(absl::StrCat(spec, ": the output is not f32"));
  return session;
}

Evaluation Evaluate() {
  if (FLAGS_model.empty() || FLAGS_dataset.empty()) Fail("--model and --dataset are required (see --help)");
  CheckThreadsFlag(FLAGS_threads);
  const Shard shard = ValueOrFail(
      ResolveShard({FlagGiven("shard_index"), FLAGS_shard_index, FlagGiven("num_shards"), FLAGS_num_shards},
                   [](const char* name) { return std::getenv(name); }),
      "--shard_index");
  std::vector<std::unique_ptr<runtime::Session>> sessions;
  sessions.push_back(Compile(FLAGS_model));
  if (!FLAGS_int8_model.empty()) sessions.push_back(Compile(FLAGS_int8_model));
  const ir::Dims input = sessions[0]->inputs()[0].dims;
  const int64_t classes = ir::NumElements(sessions[0]->outputs()[0].dims);
  for (const auto& s : sessions) {
    if (s->inputs()[0].dims != input || ir::NumElements(s->outputs()[0].dims) != classes) {
      Fail("--model and --int8_model differ in their input or output shapes");
    }
  }
  const Preprocessing preprocessing = PreprocessingFromFlags(input);
  std::shared_ptr<const Dataset> all =
      ValueOrFail(OpenDataset(ResolvePath(FLAGS_dataset),
                              FLAGS_labels.empty() ? "" : ResolvePath(FLAGS_labels), preprocessing),
                  "--dataset");
  if (!all->labeled() && FLAGS_dump_outputs.empty() && FLAGS_int8_model.empty()) {
    Fail(absl::StrCat("--dataset ", FLAGS_dataset,
                      " has no labels (give --labels; --int8_model to measure how often INT8 agrees with "
                      "FP32; or --dump_outputs to only run the model and keep its outputs)"));
  }
  std::shared_ptr<const Dataset> data =
      ValueOrFail(SliceDataset(all, FLAGS_offset, FLAGS_limit), "--offset/--limit");
  std::vector<int64_t> indices;
  for (int64_t i = shard.index; i < data->size(); i += shard.count) indices.push_back(i);
  if (indices.empty()) Fail("no images to evaluate (check --offset, --limit and the shard flags)");
  std::fprintf(stderr, "%s\n%zu images in shard %d of %d (%s)\n", data->Describe().c_str(), indices.size(),
               shard.index, shard.count, shard.source.c_str());

  Evaluation eval;
  eval.model = FLAGS_model;
  eval.int8_model = FLAGS_int8_model;
  eval.dataset = FLAGS_dataset;
  eval.dataset_size = data->size();
  eval.shard = shard;
  std::vector<const runtime::Session*> raw;
  for (const auto& s : sessions) raw.push_back(s.get());
  eval.items =
      ValueOrFail(ClassifyDataset(raw, *data, indices, FLAGS_label_offset, FLAGS_threads, "evaluating",
                                  /*keep_logits=*/!FLAGS_dump_outputs.empty()));
  return eval;
}

std::string ToJson(const Evaluation& e, int models) {
  JsonWriter j;
  j.BeginObject().Key("model").String(e.model).Key("int8_model").String(e.int8_model);
  j.Key("dataset").String(e.dataset).Key("dataset_size").Int(e.dataset_size);
  j.Key("shard_index").Int(e.shard.index).Key("num_shards").Int(e.shard.count);
  j.Key("predictions").BeginArray();
  for (const ItemResult& r : e.items) {
    j.BeginArray().Int(r.index).Int(r.label);
    for (int m = 0; m < models; ++m) {
      j.BeginArray();
      for (int c : r.top[m]) j.Int(c);
      j.EndArray();
    }
    j.EndArray();
  }
  j.EndArray().EndObject();
  return j.str();
}

// --merge: a shard directory, or files.
std::vector<std::string> MergeFiles() {
  const std::string merge = ResolvePath(FLAGS_merge);
  if (ir::IsDirectory(merge)) return ValueOrFail(CompleteShardFiles(merge, ".json"), "--merge");
  std::vector<std::string> files;
  for (absl::string_view file : absl::StrSplit(FLAGS_merge, ',', absl::SkipEmpty())) {
    files.push_back(ResolvePath(std::string(file)));
  }
  return files;
}

Evaluation Merge() {
  Evaluation merged;
  std::set<int64_t> seen;
  bool first = true;
  for (const std::string& path : MergeFiles()) {
    const std::string text = ValueOrFail(ir::ReadFileToString(path), "--merge");
    const JsonValue v = ValueOrFail(ParseJson(text), path);
    const JsonValue* model = v.Find("model");
    const JsonValue* int8 = v.Find("int8_model");
    const JsonValue* predictions = v.Find("predictions");
    if (model == nullptr || int8 == nullptr || predictions == nullptr) {
      Fail(absl::StrCat(path, " is not an evaluate result file"));
    }
    if (first) {
      merged.model = model->string;
      merged.int8_model = int8->string;
      merged.dataset = v.Find("dataset")->string;
      merged.dataset_size = static_cast<int64_t>(v.Find("dataset_size")->number);
      first = false;
    } else if (model->string != merged.model || int8->string != merged.int8_model ||
               v.Find("dataset")->string != merged.dataset ||
               static_cast<int64_t>(v.Find("dataset_size")->number) != merged.dataset_size) {
      Fail(absl::StrCat(path, " evaluated other models or images than the first file"));
    }
    for (const JsonValue& p : predictions->array) {
      ItemResult r;
      r.index = static_cast<int64_t>(p.array.at(0).number);
      r.label = static_cast<int64_t>(p.array.at(1).number);
      for (size_t m = 2; m < p.array.size() && m < 4; ++m) {
        for (const JsonValue& c : p.array[m].array) r.top[m - 2].push_back(static_cast<int>(c.number));
      }
      if (!seen.insert(r.index).second) Fail(absl::StrCat(path, ": image ", r.index, " is in two shards"));
      merged.items.push_back(r);
    }
  }
  if (merged.items.empty()) Fail("--merge found no predictions");
  if (static_cast<int64_t>(merged.items.size()) != merged.dataset_size) {
    Fail(absl::StrCat("--merge: the shards hold ", merged.items.size(), " of the ", merged.dataset_size,
                      " images; a shard is missing"));
  }
  std::sort(merged.items.begin(), merged.items.end(),
            [](const ItemResult& a, const ItemResult& b) { return a.index < b.index; });
  return merged;
}

int Main() {
  if (!FLAGS_merge.empty() && !FLAGS_model.empty()) Fail("use either --merge or --model, not both");
  if (!FLAGS_merge.empty() && !FLAGS_dump_outputs.empty())
    Fail("--dump_outputs needs an evaluation, not --merge");
  if (!FLAGS_shard_dir.empty() && !FLAGS_json_out.empty()) Fail("give --shard_dir or --json_out, not both");
  if (!FLAGS_shard_dir.empty() && !FLAGS_merge.empty()) Fail("--shard_dir is for a shard's run, not --merge");
  if (!FLAGS_shard_dir.empty() && !ir::IsDirectory(ResolvePath(FLAGS_shard_dir))) {
    Fail(absl::StrCat("--shard_dir: '", FLAGS_shard_dir, "' is not a directory"));
  }
  const Evaluation e = FLAGS_merge.empty() ? Evaluate() : Merge();
  const std::string json_path = FLAGS_shard_dir.empty()
                                    ? ResolvePath(FLAGS_json_out)
                                    : ShardFilePath(ResolvePath(FLAGS_shard_dir), e.shard, ".json");
  const int models = e.int8_model.empty() ? 1 : 2;
  const AccuracySummary summary = Summarize(e.items, models);
  std::printf("\n%s on %lld images of %s\n\n", ModelDisplayName(e.model).c_str(),
              static_cast<long long>(e.items.size()), e.dataset.c_str());
  const bool labeled = !e.items.empty() && e.items[0].label >= 0;
  if (!labeled && models == 2) {
    std::printf("%s", AgreementTable(ModelDisplayName(e.model), summary).c_str());
  } else if (!labeled) {
    std::printf("no labels: outputs only\n");
  } else if (models == 2) {
    std::printf("%s", AccuracyTable(ModelDisplayName(e.model), summary).c_str());
  } else {
    MarkdownTable t({"model", "top-1", "top-5", "images"});
    t.AddRow({ModelDisplayName(e.model), Fixed(summary.top1[0], 2), Fixed(summary.top5[0], 2),
              absl::StrCat(summary.images)});
    std::printf("%s", t.ToString().c_str());
  }
  if (!json_path.empty()) {
    FailIfError(ir::WriteStringToFileAtomically(json_path, ToJson(e, models) + "\n"), "--json_out");
    std::printf("\nwrote %s\n", json_path.c_str());
  }
  if (!FLAGS_dump_outputs.empty()) {
    const std::string prefix = ResolvePath(FLAGS_dump_outputs);
    for (int m = 0; m < models; ++m) {
      std::vector<const std::vector<float>*> rows;
      for (const ItemResult& r : e.items) rows.push_back(&r.logits[m]);
      const std::string path = prefix + (m == 0 ? ".fp32.npy" : ".int8.npy");
      FailIfError(ir::WriteStringToFileAtomically(path, NpyFloat32(rows)), "--dump_outputs");
      std::printf("wrote %s (%zu x %zu float32)\n", path.c_str(), rows.size(),
                  rows.empty() ? 0 : rows[0]->size());
    }
  }
  return 0;
}

}  // namespace
}  // namespace mint8::tools

int main(int argc, char** argv) {
  mint8::tools::ParseFlags(&argc, &argv,
                           "Top-1/top-5 accuracy of a model, and of its INT8 version side by side.\n"
                           "  evaluate --model=M --dataset=DIR --labels=val.txt --preprocess=torch "
                           "[--int8_model=Q.mint8]");
  return mint8::tools::Main();
}
