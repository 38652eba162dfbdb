#include "tools/zoo/architectures.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "tools/zoo/network_builder.h"

namespace mint8::tools {
namespace {

constexpr int64_t kClasses = 1000;
using A = Activation;

std::string Classifier(NetworkBuilder& b, const std::string& x) {
  return b.Dense(b.Flatten(b.GlobalAveragePool(x)), kClasses, A::kNone);
}

std::string Bottleneck(NetworkBuilder& b, const std::string& x, int64_t width, int64_t stride) {
  const int64_t in = b.dims(x)[1], out = width * 4;
  std::string y = b.ConvBn(x, width, 1, 1, 0);
  y = b.ConvBn(y, width, 3, stride, 1);
  // A small last gamma keeps the residual stream's variance from growing with depth.
  y = b.ConvBn(y, out, 1, 1, 0, 1, A::kNone, 0.4f);
  std::string shortcut = x;
  if (stride != 1 || in != out) shortcut = b.ConvBn(x, out, 1, stride, 0, 1, A::kNone);
  return b.Add(y, shortcut, A::kRelu);
}

std::string InvertedResidual(NetworkBuilder& b, const std::string& x, int64_t expansion,
                             int64_t out, int64_t stride) {
  const int64_t in = b.dims(x)[1];
  std::string y = x;
  if (expansion != 1) y = b.ConvBn(y, in * expansion, 1, 1, 0, 1, A::kRelu6);
  y = b.ConvBn(y, in * expansion, 3, stride, 1, in * expansion, A::kRelu6);
  y = b.ConvBn(y, out, 1, 1, 0, 1, A::kNone, stride == 1 && in == out ? 0.4f : 1.f);
  return stride == 1 && in == out ? b.Add(y, x, A::kNone) : y;
}

std::string Inception(NetworkBuilder& b, const std::string& x, int64_t c1, int64_t c3r, int64_t c3,
                      int64_t c5r, int64_t c5, int64_t pool_proj) {
  const std::string b1 = b.Conv(x, c1, 1, 1, 0);
  const std::string b2 = b.Conv(b.Conv(x, c3r, 1, 1, 0), c3, 3, 1, 1);
  const std::string b3 = b.Conv(b.Conv(x, c5r, 1, 1, 0), c5, 5, 1, 2);
  const std::string b4 = b.Conv(b.MaxPool(x, 3, 1, 1), pool_proj, 1, 1, 0);
  return b.Concat({b1, b2, b3, b4});
}

}  // namespace

ir::Graph BuildResNet(int depth, uint32_t seed) {
  NetworkBuilder b(absl::StrCat("resnet", depth), seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.MaxPool(b.ConvBn(x, 64, 7, 2, 3), 3, 2, 1);
  const std::vector<int> blocks = depth == 101 ? std::vector<int>{3, 4, 23, 3} : std::vector<int>{3, 4, 6, 3};
  const int64_t widths[] = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage) {
    for (int i = 0; i < blocks[stage]; ++i) {
      x = Bottleneck(b, x, widths[stage], i == 0 && stage > 0 ? 2 : 1);
    }
  }
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildMobileNetV1(uint32_t seed) {
  NetworkBuilder b("mobilenet_v1", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.ConvBn(x, 32, 3, 2, 1, 1, A::kRelu6);
  const std::pair<int64_t, int64_t> layers[] = {{64, 1},  {128, 2}, {128, 1}, {256, 2},  {256, 1},
                                                {512, 2}, {512, 1}, {512, 1}, {512, 1},  {512, 1},
                                                {512, 1}, {1024, 2}, {1024, 1}};
  for (const auto& [out, stride] : layers) {
    const int64_t in = b.dims(x)[1];
    x = b.ConvBn(x, in, 3, stride, 1, in, A::kRelu6);
    x = b.ConvBn(x, out, 1, 1, 0, 1, A::kRelu6);
  }
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildMobileNetV2(uint32_t seed) {
  NetworkBuilder b("mobilenet_v2", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.ConvBn(x, 32, 3, 2, 1, 1, A::kRelu6);
  struct Stage {
    int64_t t, c, n, s;
  };
  const Stage stages[] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                          {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
  for (const Stage& st : stages) {
    for (int64_t i = 0; i < st.n; ++i) x = InvertedResidual(b, x, st.t, st.c, i == 0 ? st.s : 1);
  }
  x = b.ConvBn(x, 1280, 1, 1, 0, 1, A::kRelu6);
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildGoogLeNet(uint32_t seed) {
  NetworkBuilder b("googlenet", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.Lrn(b.MaxPool(b.Conv(x, 64, 7, 2, 3), 3, 2, 0, true), 5, 1e-4f, 0.75f, 1.f);
  x = b.Conv(b.Conv(x, 64, 1, 1, 0), 192, 3, 1, 1);
  x = b.MaxPool(b.Lrn(x, 5, 1e-4f, 0.75f, 1.f), 3, 2, 0, true);
  x = Inception(b, x, 64, 96, 128, 16, 32, 32);
  x = Inception(b, x, 128, 128, 192, 32, 96, 64);
  x = b.MaxPool(x, 3, 2, 0, true);
  x = Inception(b, x, 192, 96, 208, 16, 48, 64);
  x = Inception(b, x, 160, 112, 224, 24, 64, 64);
  x = Inception(b, x, 128, 128, 256, 24, 64, 64);
  x = Inception(b, x, 112, 144, 288, 32, 64, 64);
  x = Inception(b, x, 256, 160, 320, 32, 128, 128);
  x = b.MaxPool(x, 3, 2, 0, true);
  x = Inception(b, x, 256, 160, 320, 32, 128, 128);
  x = Inception(b, x, 384, 192, 384, 48, 128, 128);
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildVgg(int depth, uint32_t seed) {
  NetworkBuilder b(absl::StrCat("vgg", depth), seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  const int per_stage_late = depth == 19 ? 4 : 3;
  const int convs[] = {2, 2, per_stage_late, per_stage_late, per_stage_late};
  const int64_t widths[] = {64, 128, 256, 512, 512};
  for (int stage = 0; stage < 5; ++stage) {
    for (int i = 0; i < convs[stage]; ++i) x = b.Conv(x, widths[stage], 3, 1, 1);
    x = b.MaxPool(x, 2, 2, 0);
  }
  x = b.Flatten(x);
  x = b.Dense(x, 4096, A::kRelu);
  x = b.Dense(x, 4096, A::kRelu);
  return b.Finish({b.Dense(x, kClasses, A::kNone)});
}

}  // namespace mint8::tools
