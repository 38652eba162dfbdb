// compare: runs a model (FP32 or INT8) on the oneDNN and the reference
// backends with the same inputs and prints, per tensor of the compiled graph,
// how far the two are apart: in LSB for INT8 tensors, relative to the
// tensor's largest value for FP32 ones. Each layer is checked alone (the
// oneDNN backend runs it on the reference backend's inputs): the contract
// allows 1 LSB there, and the first layer beyond it is a bug. The end-to-end
// column shows how the allowed differences accumulate through the network.
//
//   bazel run //tools:compare -- --model=model_int8.mint8
//   bazel run //tools:compare -- --model=model.onnx --input_shape=1x3x48x192 --runs=5
//
// With --against=OTHER it compares two models of one network instead (a
// Paddle program and its ONNX export, two INT8 models): both on the oneDNN
// backend, the same inputs, output by output; exit 1 beyond --fp32_tolerance.
//
//   bazel run //tools:compare -- --model=ocr_cls/ --against=ocr_cls.onnx --input_shape=1x3x48x192
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gflags/gflags.h"
#include "ir/data_type.h"
#include "runtime/session.h"
#include "tools/common/cli.h"
#include "tools/common/report.h"
#include "tools/data/synthetic_images.h"

DEFINE_string(model, "", "ONNX, .mint8 or zoo:NAME");
DEFINE_string(input_shape, "", "Input shape(s) for dynamic models: 1x3x224x224 or name:1x3x224x224,...");
DEFINE_string(against, "", "Another model of the same network: compare the two models' outputs instead");
DEFINE_int32(runs, 3, "Inputs to compare on (synthetic images, or a smooth ramp for other inputs)");
DEFINE_double(fp32_tolerance, 1e-4,
              "Largest FP32 difference, relative to the tensor's largest value, in contract");

namespace mint8::tools {
namespace {

struct Buffers {
  std::vector<std::vector<uint8_t>> data;
  std::vector<ir::MutableTensorView> views;
};

Buffers OutputBuffers(const runtime::Session& s) {
  Buffers b;
  for (const runtime::TensorSpec& spec : s.outputs()) {
    b.data.emplace_back(ir::NumElements(spec.dims) * ir::DataTypeSize(spec.dtype) + 1);
  }
  for (size_t i = 0; i < b.data.size(); ++i) {
    b.views.push_back({s.outputs()[i].dtype, s.outputs()[i].dims, b.data[i].data()});
  }
  return b;
}

double ValueAt(const ir::MutableTensorView& v, int64_t i) {
  switch (v.dtype) {
    case ir::DataType::kF32:
      return v.data<float>()[i];
    case ir::DataType::kU8:
      return v.data<uint8_t>()[i];
    case ir::DataType::kS8:
      return v.data<int8_t>()[i];
    case ir::DataType::kS32:
      return v.data<int32_t>()[i];
    case ir::DataType::kS64:
      return static_cast<double>(v.data<int64_t>()[i]);
    default:
      return 0;
  }
}

struct TensorDifference {
  double max_difference = 0;  // LSB for INT8 tensors, else absolute
  double max_value = 0;
};

void Accumulate(const ir::MutableTensorView& a, const ir::MutableTensorView& b, TensorDifference& d) {
  for (int64_t i = 0; i < ir::NumElements(a.dims); ++i) {
    const double x = ValueAt(a, i), y = ValueAt(b, i);
    d.max_difference = std::max(d.max_difference, std::fabs(x - y));
    d.max_value = std::max(d.max_value, std::fabs(y));
  }
}

std::string Describe(const TensorDifference& d, bool int8) {
  if (int8) return absl::StrCat(d.max_difference, " LSB");
  return absl::StrCat(Fixed(d.max_difference, 6), " (",
                      Fixed(d.max_difference / std::max(d.max_value, 1e-12), 6), " rel.)");
}

// `node` alone: its non-constant inputs become graph inputs (with their
// types and quantization), its constants and outputs are kept.
ir::Graph LayerGraph(const ir::Graph& graph, const ir::Node& node) {
  ir::Graph g;
  for (const std::string& name : node.inputs) {
    if (name.empty() || g.FindTensor(name) != nullptr) continue;
    const ir::TensorInfo& t = *graph.FindTensor(name);
    if (t.is_constant()) {
      g.AddConstant(name, t.dtype, t.shape.Sizes(), t.data).quantization = t.quantization;
    } else {
      g.AddTensor(name, t.dtype, t.shape).quantization = t.quantization;
      g.inputs().push_back(name);
    }
  }
  for (const std::string& name : node.outputs) {
    if (name.empty()) continue;
    const ir::TensorInfo& t = *graph.FindTensor(name);
    g.AddTensor(name, t.dtype, t.shape).quantization = t.quantization;
    g.outputs().push_back(name);
  }
  g.AddNode(node);
  return g;
}

// The input images (or ramps) for run `run`.
std::vector<std::vector<float>> Inputs(const runtime::Session& s, int run) {
  std::vector<std::vector<float>> inputs;
  for (const runtime::TensorSpec& spec : s.inputs()) {
    std::vector<float> v(ir::NumElements(spec.dims));
    if (spec.dims.size() == 4 && spec.dims[1] == 3) {
      const int64_t per_image = v.size() / spec.dims[0];
      for (int64_t i = 0; i < spec.dims[0]; ++i) {
        SyntheticImage(11, run * spec.dims[0] + i, spec.dims[2], spec.dims[3], v.data() + i * per_image);
      }
    } else {
      for (size_t i = 0; i < v.size(); ++i) v[i] = std::sin(0.01f * i + run);
    }
    inputs.push_back(std::move(v));
  }
  return inputs;
}

runtime::SessionOptions OptionsFor(const ir::Graph& model) {
  runtime::SessionOptions options;
  options.num_threads = 1;
  options.memory_budget_bytes = MemoryBudgetBytes();
  if (!FLAGS_input_shape.empty()) {
    if (model.inputs().empty()) Fail("--input_shape: the model has no inputs");
    options.input_shapes =
        ValueOrFail(ParseInputShapes(FLAGS_input_shape, model.inputs()[0]), "--input_shape");
  }
  return options;
}

size_t ArgMax(const ir::MutableTensorView& v) {
  size_t best = 0;
  for (int64_t i = 1; i < ir::NumElements(v.dims); ++i) {
    if (ValueAt(v, i) > ValueAt(v, static_cast<int64_t>(best))) best = static_cast<size_t>(i);
  }
  return best;
}

// --against: the two models' outputs on the same inputs.
int CompareModels(const ir::Graph& model) {
  const ir::Graph other = ValueOrFail(LoadModelSpec(FLAGS_against), FLAGS_against);
  auto a = ValueOrFail(runtime::Session::Create(model, OptionsFor(model)), FLAGS_model);
  auto b = ValueOrFail(runtime::Session::Create(other, OptionsFor(other)), FLAGS_against);
  if (a->inputs().size() != b->inputs().size() || a->outputs().size() != b->outputs().size()) {
    Fail("the two models differ in their number of inputs or outputs");
  }
  for (size_t i = 0; i < a->inputs().size(); ++i) {
    if (a->inputs()[i].dims != b->inputs()[i].dims) Fail("the two models' inputs differ in shape");
  }
  for (size_t o = 0; o < a->outputs().size(); ++o) {
    if (a->outputs()[o].dims != b->outputs()[o].dims) Fail("the two models' outputs differ in shape");
  }
  std::vector<TensorDifference> differences(a->outputs().size());
  std::vector<int> same_argmax(a->outputs().size(), 0);
  for (int run = 0; run < FLAGS_runs; ++run) {
    const std::vector<std::vector<float>> inputs = Inputs(*a, run);
    std::vector<ir::ConstTensorView> in;
    for (size_t i = 0; i < inputs.size(); ++i)
      in.push_back({a->inputs()[i].dtype, a->inputs()[i].dims, inputs[i].data()});
    Buffers x = OutputBuffers(*a), y = OutputBuffers(*b);
    FailIfError(a->Run(in, x.views), FLAGS_model);
    FailIfError(b->Run(in, y.views), FLAGS_against);
    for (size_t o = 0; o < x.views.size(); ++o) {
      Accumulate(x.views[o], y.views[o], differences[o]);
      same_argmax[o] += ArgMax(x.views[o]) == ArgMax(y.views[o]);
    }
  }
  MarkdownTable table({"output", "shape", "max |difference|", "same arg-max", "within tolerance"});
  bool all_within = true;
  for (size_t o = 0; o < differences.size(); ++o) {
    const TensorDifference& d = differences[o];
    const bool ok = d.max_difference <= FLAGS_fp32_tolerance * std::max(d.max_value, 1e-6);
    all_within = all_within && ok;
    table.AddRow({a->graph().outputs()[o], ir::DimsToString(a->outputs()[o].dims), Describe(d, false),
                  absl::StrCat(same_argmax[o], " of ", FLAGS_runs), ok ? "yes" : "NO"});
  }
  std::printf("%s vs %s on %d input(s):\n%s", FLAGS_model.c_str(), FLAGS_against.c_str(), FLAGS_runs,
              table.ToString().c_str());
  std::printf("%s (tolerance %g relative to the largest output value)\n",
              all_within ? "the models agree" : "the models DIFFER", FLAGS_fp32_tolerance);
  return all_within ? 0 : 1;
}

int Main() {
  if (FLAGS_model.empty()) Fail("--model is required (see --help)");
  if (FLAGS_runs < 1) Fail("--runs must be >= 1");
  if (!(FLAGS_fp32_tolerance >= 0)) Fail("--fp32_tolerance must be >= 0");
  ir::Graph model = ValueOrFail(LoadModelSpec(FLAGS_model), FLAGS_model);
  if (!FLAGS_against.empty()) return CompareModels(model);
  runtime::SessionOptions options = OptionsFor(model);
  // The graph both backends compile (fused as a session fuses it), with every
  // tensor a node computes made an output.
  ir::Graph compiled = ValueOrFail(runtime::Session::Create(model, options), FLAGS_model)->graph();
  std::vector<std::string> tensors;
  for (const auto& node : compiled.nodes()) {
    for (const std::string& out : node->outputs) {
      if (!out.empty()) tensors.push_back(out);
    }
  }
  compiled.outputs() = tensors;
  options.optimize = false;
  auto onednn = ValueOrFail(runtime::Session::Create(compiled, options), "oneDNN backend");
  options.backend = runtime::Backend::kReference;
  auto reference = ValueOrFail(runtime::Session::Create(compiled, options), "reference backend");

  // Layer by layer: each node alone on oneDNN, fed the reference's values.
  std::map<std::string, int> index;
  for (size_t t = 0; t < tensors.size(); ++t) index[tensors[t]] = static_cast<int>(t);
  std::vector<std::unique_ptr<runtime::Session>> layers;
  runtime::SessionOptions layer_options = options;
  layer_options.backend = runtime::Backend::kOnednn;
  layer_options.input_shapes.clear();
  for (const auto& node : compiled.nodes()) {
    layers.push_back(
        ValueOrFail(runtime::Session::Create(LayerGraph(compiled, *node), layer_options), node->name));
  }

  std::vector<TensorDifference> isolated(tensors.size()), end_to_end(tensors.size());
  for (int run = 0; run < FLAGS_runs; ++run) {
    const std::vector<std::vector<float>> inputs = Inputs(*onednn, run);
    std::vector<ir::ConstTensorView> in;
    std::map<std::string, ir::ConstTensorView> values;
    for (size_t i = 0; i < inputs.size(); ++i) {
      in.push_back({onednn->inputs()[i].dtype, onednn->inputs()[i].dims, inputs[i].data()});
      values[compiled.inputs()[i]] = in.back();
    }
    Buffers a = OutputBuffers(*onednn), b = OutputBuffers(*reference);
    FailIfError(onednn->Run(in, a.views), "oneDNN backend");
    FailIfError(reference->Run(in, b.views), "reference backend");
    for (size_t t = 0; t < tensors.size(); ++t) {
      Accumulate(a.views[t], b.views[t], end_to_end[t]);
      values[tensors[t]] = {b.views[t].dtype, b.views[t].dims, b.views[t].raw};
    }
    for (size_t n = 0; n < layers.size(); ++n) {
      const runtime::Session& layer = *layers[n];
      std::vector<ir::ConstTensorView> layer_in;
      for (const std::string& name : layer.graph().inputs()) layer_in.push_back(values.at(name));
      Buffers out = OutputBuffers(layer);
      FailIfError(layer.Run(layer_in, out.views), compiled.nodes()[n]->name);
      for (size_t o = 0; o < out.views.size(); ++o) {
        const int t = index.at(layer.graph().outputs()[o]);
        Accumulate(out.views[o], b.views[t], isolated[t]);
      }
    }
  }

  MarkdownTable table(
      {"#", "tensor", "type", "shape", "layer alone: max |oneDNN - reference|", "contract", "end to end"});
  int first_break = -1, breaks = 0;
  for (size_t t = 0; t < tensors.size(); ++t) {
    const runtime::TensorSpec& spec = onednn->outputs()[t];
    const TensorDifference& d = isolated[t];
    const bool int8 = ir::IsInt8(spec.dtype);
    const bool ok =
        int8 ? d.max_difference <= 1 : d.max_difference <= FLAGS_fp32_tolerance * std::max(d.max_value, 1e-6);
    if (!ok && first_break < 0) first_break = static_cast<int>(t);
    breaks += !ok;
    table.AddRow({absl::StrCat(t), tensors[t], std::string(ir::DataTypeName(spec.dtype)),
                  ir::DimsToString(spec.dims), Describe(d, int8), ok ? "ok" : "BREAKS",
                  Describe(end_to_end[t], int8)});
  }
  std::printf("%s on %d input(s), oneDNN vs reference backend, %zu tensors:\n%s", FLAGS_model.c_str(),
              FLAGS_runs, tensors.size(), table.ToString().c_str());
  if (first_break < 0) {
    std::printf("every layer within the contract (INT8: 1 LSB; FP32: %g relative)\n", FLAGS_fp32_tolerance);
  } else {
    std::printf("%d layers outside the contract; the first computes %s\n", breaks,
                tensors[first_break].c_str());
  }
  return 0;
}

}  // namespace
}  // namespace mint8::tools

int main(int argc, char** argv) {
  mint8::tools::ParseFlags(&argc, &argv,
                           "Compares the oneDNN and the reference backend tensor by tensor.\n"
                           "  compare --model=M [--input_shape=1x3x224x224] [--runs=3]\n"
                           "Or compares two models of one network output by output:\n"
                           "  compare --model=M --against=OTHER [--input_shape=...] [--fp32_tolerance=1e-4]");
  return mint8::tools::Main();
}
