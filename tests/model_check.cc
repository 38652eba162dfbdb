// model_check: imports models, compiles each on the oneDNN and the reference
// backend, runs both on the same pseudo-random input and reports the largest
// difference. Used on the real models in ../shared/data (not part of
// `bazel test`, which must not need them).
//
//   bazel run //tests:model_check -- [--input_shape=1x3x48x192] model.onnx...
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "ir/model.h"
#include "runtime/session.h"

namespace {

using mint8::ir::ConstTensorView;
using mint8::ir::MutableTensorView;

int Check(const std::string& path, const mint8::ir::Dims& shape) {
  auto graph = mint8::ir::LoadModelFile(path);
  if (!graph.ok()) {
    std::fprintf(stderr, "%s\n", std::string(graph.status().message()).c_str());
    return 1;
  }
  mint8::runtime::SessionOptions options;
  options.num_threads = 1;
  if (!shape.empty()) options.input_shapes[graph->inputs()[0]] = shape;
  std::unique_ptr<mint8::runtime::Session> sessions[2];
  for (int b = 0; b < 2; ++b) {
    options.backend = b == 0 ? mint8::runtime::Backend::kOnednn : mint8::runtime::Backend::kReference;
    auto s = mint8::runtime::Session::Create(*graph, options);
    if (!s.ok()) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), std::string(s.status().message()).c_str());
      return 1;
    }
    sessions[b] = std::move(*s);
  }
  const auto& in_spec = sessions[0]->inputs()[0];
  std::vector<float> input(mint8::ir::NumElements(in_spec.dims));
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> pixel(-1.f, 1.f);
  for (float& v : input) v = pixel(rng);
  const auto& out_spec = sessions[0]->outputs()[0];
  std::vector<float> out[2];
  for (int b = 0; b < 2; ++b) {
    out[b].resize(mint8::ir::NumElements(out_spec.dims));
    ConstTensorView in{in_spec.dtype, in_spec.dims, input.data()};
    MutableTensorView o{out_spec.dtype, out_spec.dims, out[b].data()};
    absl::Status s = sessions[b]->Run({&in, 1}, {&o, 1});
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", std::string(s.message()).c_str());
      return 1;
    }
  }
  double max_abs = 0, max_ref = 0;
  for (size_t i = 0; i < out[0].size(); ++i) {
    max_abs = std::max<double>(max_abs, std::fabs(out[0][i] - out[1][i]));
    max_ref = std::max<double>(max_ref, std::fabs(out[1][i]));
  }
  int reference_steps = 0;
  for (const auto& step : sessions[0]->plan().steps) {
    reference_steps += step.kernel->implementation() == "mint8:reference";
  }
  std::printf("%s: input %s, output %s, %zu plan steps (%d on reference kernels), "
              "max |onednn - reference| = %.3g (relative to max |output| %.3g: %.3g)\n",
              path.c_str(), mint8::ir::DimsToString(in_spec.dims).c_str(),
              mint8::ir::DimsToString(out_spec.dims).c_str(), sessions[0]->plan().steps.size(),
              reference_steps, max_abs, max_ref, max_abs / std::max(max_ref, 1e-30));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  mint8::ir::Dims shape;
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.rfind("--input_shape=", 0) == 0) {
      shape.clear();
      for (absl::string_view part : absl::StrSplit(arg.substr(14), 'x')) {
        int64_t d;
        if (!absl::SimpleAtoi(part, &d)) {
          std::fprintf(stderr, "bad --input_shape '%s'\n", arg.c_str());
          return 2;
        }
        shape.push_back(d);
      }
      continue;
    }
    failures += Check(arg, shape);
  }
  return failures == 0 ? 0 : 1;
}
