// Uses mint8's public targets from another workspace: builds a small CNN with
// //ir:model, quantizes it with //quantization:pipeline on random calibration
// images, saves and reloads the INT8 model, and runs FP32 and INT8 with
// //runtime:session. Exits non-zero if anything fails or the two disagree.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "ir/model.h"
#include "quantization/pipeline.h"
#include "runtime/session.h"

namespace {

using mint8::ir::DataType;

void AddWeights(mint8::ir::Graph& g, const std::string& name, std::vector<int64_t> dims, std::mt19937& rng) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  std::vector<float> w(n);
  std::normal_distribution<float> normal(0.f, 0.2f);
  for (float& x : w) x = normal(rng);
  g.AddConstant(name, DataType::kF32, dims, mint8::ir::Buffer::Copy(w.data(), w.size() * sizeof(float)));
}

// x[1,3,32,32] -> Conv 3x3 (16) -> Relu -> GlobalAveragePool -> Flatten -> Gemm (10)
mint8::ir::Graph SmallCnn() {
  std::mt19937 rng(1);
  mint8::ir::Graph g;
  g.AddTensor("x", DataType::kF32, mint8::ir::Shape::Of({1, 3, 32, 32}));
  g.inputs().push_back("x");
  AddWeights(g, "conv_w", {16, 3, 3, 3}, rng);
  AddWeights(g, "conv_b", {16}, rng);
  AddWeights(g, "fc_w", {10, 16}, rng);
  AddWeights(g, "fc_b", {10}, rng);
  mint8::ir::Node conv{"conv", "Conv", {"x", "conv_w", "conv_b"}, {"c"}};
  conv.attributes.Set("pads", std::vector<int64_t>{1, 1, 1, 1});
  g.AddNode(conv);
  g.AddNode({"relu", "Relu", {"c"}, {"r"}});
  g.AddNode({"pool", "GlobalAveragePool", {"r"}, {"p"}});
  g.AddNode({"flatten", "Flatten", {"p"}, {"f"}});
  mint8::ir::Node fc{"fc", "Gemm", {"f", "fc_w", "fc_b"}, {"y"}};
  fc.attributes.Set("transB", int64_t{1});
  g.AddNode(fc);
  g.outputs().push_back("y");
  return g;
}

std::vector<float> Run(const mint8::ir::Graph& model, const std::vector<float>& image) {
  auto session = mint8::runtime::Session::Create(model, {});
  if (!session.ok()) {
    std::fprintf(stderr, "Session::Create: %s\n", std::string(session.status().message()).c_str());
    std::exit(1);
  }
  std::vector<float> out(10);
  mint8::ir::ConstTensorView in{DataType::kF32, {1, 3, 32, 32}, image.data()};
  mint8::ir::MutableTensorView o{DataType::kF32, {1, 10}, out.data()};
  if (!(*session)->Run({&in, 1}, {&o, 1}).ok()) std::exit(1);
  return out;
}

int Fail(const char* what, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", what, std::string(status.message()).c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "/tmp/mint8_consumer_int8.mint8";
  mint8::quantization::CalibrationImages images{50, [](int64_t i, float* chw) {
                                                  std::mt19937 rng(static_cast<uint32_t>(i));
                                                  std::uniform_real_distribution<float> u(-1.f, 1.f);
                                                  for (int k = 0; k < 3 * 32 * 32; ++k) chw[k] = u(rng);
                                                  return absl::OkStatus();
                                                }};
  mint8::quantization::PipelineOptions options;
  options.calibration = images;
  auto result = mint8::quantization::QuantizeModel(SmallCnn(), options);
  if (!result.ok()) return Fail("quantize", result.status());
  const mint8::ir::Graph* prepared = &result->prepared;
  if (absl::Status s = mint8::ir::SaveModelFile(result->int8, path); !s.ok()) return Fail("save", s);
  auto reloaded = mint8::ir::LoadModelFile(path);
  if (!reloaded.ok()) return Fail("load", reloaded.status());

  std::vector<float> image(3 * 32 * 32);
  if (!images.load(1000, image.data()).ok()) return 1;
  const std::vector<float> fp32 = Run(*prepared, image), q = Run(*reloaded, image);
  double max_diff = 0, max_abs = 0;
  for (int k = 0; k < 10; ++k) {
    max_diff = std::max(max_diff, static_cast<double>(std::fabs(fp32[k] - q[k])));
    max_abs = std::max(max_abs, static_cast<double>(std::fabs(fp32[k])));
  }
  std::printf("external consumer: quantized a small CNN to %s; INT8 vs FP32 max |diff| %.4f (max |y| %.4f)\n",
              path.c_str(), max_diff, max_abs);
  return max_diff <= 0.05 * max_abs ? 0 : 1;
}
