#include <cmath>
#include <cstdio>
#include "quantization/quantizer.h"
#include "quantization/calibration/thresholds.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"
#include "ir/serialization.h"
using namespace mint8;
using Ints = std::vector<int64_t>;
using testing::Attrs;
int main() {
  testing::GraphBuilder b(5);
  b.Input("x", {1, 3, 16, 16});
  b.Random("w1", {16, 3, 3, 3}, -0.5f, 0.5f).Random("g", {16}, 0.5f, 1.5f).Random("be", {16}, -0.2f, 0.2f);
  b.Random("m", {16}, -0.1f, 0.1f).Random("v", {16}, 0.5f, 1.5f);
  b.Random("w2", {16, 16, 3, 3}, -0.15f, 0.15f).Random("w3", {8, 16, 1, 1}, -0.4f, 0.4f);
  b.Random("w4", {8, 16, 1, 1}, -0.4f, 0.4f).Random("fc", {10, 16}, -0.5f, 0.5f).Random("fcb", {10}, -0.1f, 0.1f);
  b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("BatchNormalization", {"c1", "g", "be", "m", "v"}, {"bn1"}).Node("Relu", {"bn1"}, {"r1"});
  b.Node("Conv", {"r1", "w2"}, {"c2"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Node("Add", {"c2", "r1"}, {"s"}).Node("Relu", {"s"}, {"r2"});
  b.Node("MaxPool", {"r2"}, {"p"}, Attrs({{"kernel_shape", Ints{2, 2}}, {"strides", Ints{2, 2}}}));
  b.Node("Conv", {"p", "w3"}, {"c3"}).Node("Clip", {"c3"}, {"a"}, Attrs({{"min", 0.f}, {"max", 6.f}}));
  b.Node("Conv", {"p", "w4"}, {"c4"}).Node("Relu", {"c4"}, {"bb"});
  b.Node("Concat", {"a", "bb"}, {"cat"}, Attrs({{"axis", int64_t{1}}}));
  b.Node("GlobalAveragePool", {"cat"}, {"gap"}).Node("Flatten", {"gap"}, {"f"});
  b.Node("Gemm", {"f", "fc", "fcb"}, {"y"}, Attrs({{"transB", int64_t{1}}})).Output("y");
  auto prepared = *quantization::PrepareForQuantization(*b.Build(), {});
  quantization::CalibrationImages images{12, [](int64_t i, float* chw) { for (int j = 0; j < 768; ++j) chw[j] = std::sin(0.37f * j + 1.3f * i) * 1.5f; return absl::OkStatus(); }};
  auto stats = *quantization::Calibrate(prepared, images, 4, nullptr);
  for (auto& [name, st] : stats) {
    printf("%-12s count %ld absmax %.3f  kl256 %.3f kl128 %.3f mse %.3f p99.99 %.3f\n", name.c_str(), (long)st.count(), st.abs_max(),
      quantization::ChooseThreshold(st, quantization::CalibrationAlgorithm::kKl, 256, 0),
      quantization::ChooseThreshold(st, quantization::CalibrationAlgorithm::kKl, 128, 0),
      quantization::ChooseThreshold(st, quantization::CalibrationAlgorithm::kMse, 256, 0),
      quantization::ChooseThreshold(st, quantization::CalibrationAlgorithm::kPercentile, 256, 99.99));
  }
  auto q = *quantization::QuantizeWithStatistics(prepared, stats, {}, nullptr);
  printf("%s\n", ir::ToText(q).substr(0, 0).c_str());
  for (auto& n : q.nodes()) { printf("%s %s in:", n->op_type.c_str(), n->name.c_str()); for (auto& i : n->inputs) { auto* t=q.FindTensor(i); printf(" %s(%s%s)", i.c_str(), t? std::string(ir::DataTypeName(t->dtype)).c_str():"", t&&t->quantization? (" s="+std::to_string(t->quantization->scale())).c_str():""); } printf(" out: %s(%s)\n", n->outputs[0].c_str(), std::string(ir::DataTypeName(q.FindTensor(n->outputs[0])->dtype)).c_str()); }
  // every node output as a graph output, dequantized by the test below
  std::vector<std::string> outs; for (auto& n : q.nodes()) outs.push_back(n->outputs[0]);
  q.outputs() = outs;
  for (auto backend : {runtime::Backend::kOnednn, runtime::Backend::kReference}) {
    runtime::SessionOptions so; so.num_threads = 1; so.backend = backend; so.optimize = false;
    auto s = runtime::Session::Create(q, so);
    if (!s.ok()) { printf("%s\n", std::string(s.status().message()).c_str()); return 1; }
    static std::vector<std::vector<float>> results[2];
    std::vector<float> in(768); (void)images.load(17, in.data());
    ir::ConstTensorView iv{ir::DataType::kF32, {1,3,16,16}, in.data()};
    std::vector<std::vector<uint8_t>> bufs; std::vector<ir::MutableTensorView> ov;
    for (auto& spec : (*s)->outputs()) bufs.emplace_back(ir::NumElements(spec.dims) * ir::DataTypeSize(spec.dtype));
    for (size_t i = 0; i < bufs.size(); ++i) ov.push_back({(*s)->outputs()[i].dtype, (*s)->outputs()[i].dims, bufs[i].data()});
    auto st = (*s)->Run({&iv,1}, ov); if (!st.ok()) { printf("run %s\n", std::string(st.message()).c_str()); return 1; }
    auto& r = results[backend == runtime::Backend::kOnednn ? 0 : 1];
    for (size_t i = 0; i < bufs.size(); ++i) {
      const auto& t = *(*s)->graph().FindTensor(outs[i]);
      std::vector<float> v(ir::NumElements(ov[i].dims));
      for (size_t k = 0; k < v.size(); ++k) {
        if (t.dtype == ir::DataType::kF32) v[k] = reinterpret_cast<float*>(bufs[i].data())[k];
        else if (t.dtype == ir::DataType::kU8) v[k] = (bufs[i][k] - t.quantization->zero_point()) * t.quantization->scale();
        else v[k] = ((int8_t)bufs[i][k] - t.quantization->zero_point()) * t.quantization->scale();
      }
      r.push_back(v);
    }
    if (backend == runtime::Backend::kReference) {
      for (size_t i = 0; i < outs.size(); ++i) { double m=0, mx=0; for (size_t k = 0; k < r[i].size(); ++k) { m = std::max<double>(m, std::fabs(r[i][k]-results[0][i][k])); mx = std::max<double>(mx, std::fabs(r[i][k])); } printf("%-40s maxdiff %.4g (max %.4g)\n", outs[i].c_str(), m, mx); }
    }
  }
}
