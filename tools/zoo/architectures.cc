#include "tools/zoo/architectures.h"

#include <algorithm>
#include <cmath>
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

std::string InvertedResidual(NetworkBuilder& b, const std::string& x, int64_t expansion, int64_t out,
                             int64_t stride) {
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

// Rounds to a multiple of 8, as torchvision's _make_divisible does.
int64_t Divisible(double v) {
  const int64_t r = std::max<int64_t>(8, static_cast<int64_t>(v + 4) / 8 * 8);
  return r < 0.9 * v ? r + 8 : r;
}

// EfficientNet's MBConv: expand, depthwise, squeeze-excite, project (SiLU).
std::string MbConv(NetworkBuilder& b, const std::string& x, int64_t expansion, int64_t kernel, int64_t stride,
                   int64_t out) {
  const int64_t in = b.dims(x)[1], hidden = in * expansion;
  std::string y = x;
  if (expansion != 1) y = b.ConvBn(y, hidden, 1, 1, 0, 1, A::kSilu);
  y = b.ConvBn(y, hidden, kernel, stride, kernel / 2, hidden, A::kSilu);
  y = b.SqueezeExcite(y, std::max<int64_t>(1, in / 4), A::kSilu, A::kSigmoid);
  const bool residual = stride == 1 && in == out;
  y = b.ConvBn(y, out, 1, 1, 0, 1, A::kNone, residual ? 0.4f : 1.f);
  return residual ? b.Add(y, x, A::kNone) : y;
}

// MobileNetV3's block: optional expand, depthwise, optional SE (hard
// sigmoid gate), project.
struct V3Block {
  int64_t kernel, expanded, out;
  bool se, hard_swish;
  int64_t stride;
};

std::string MobileNetV3Block(NetworkBuilder& b, const std::string& x, const V3Block& k) {
  const int64_t in = b.dims(x)[1];
  const A act = k.hard_swish ? A::kHardSwish : A::kRelu;
  std::string y = x;
  if (k.expanded != in) y = b.ConvBn(y, k.expanded, 1, 1, 0, 1, act);
  y = b.ConvBn(y, k.expanded, k.kernel, k.stride, k.kernel / 2, k.expanded, act);
  if (k.se) y = b.SqueezeExcite(y, Divisible(k.expanded / 4.0), A::kRelu, A::kHardSigmoid);
  const bool residual = k.stride == 1 && in == k.out;
  y = b.ConvBn(y, k.out, 1, 1, 0, 1, A::kNone, residual ? 0.4f : 1.f);
  return residual ? b.Add(y, x, A::kNone) : y;
}

ir::Graph BuildMobileNetV3(const char* name, const std::vector<V3Block>& blocks, int64_t last, int64_t hidden,
                           uint32_t seed) {
  NetworkBuilder b(name, seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.ConvBn(x, 16, 3, 2, 1, 1, A::kHardSwish);
  for (const V3Block& k : blocks) x = MobileNetV3Block(b, x, k);
  x = b.ConvBn(x, last, 1, 1, 0, 1, A::kHardSwish);
  x = b.Dense(b.Flatten(b.GlobalAveragePool(x)), hidden, A::kHardSwish);
  return b.Finish({b.Dense(x, kClasses, A::kNone)});
}

// ShuffleNetV2's unit: two branches (the first may be the input's left
// half), concatenated and shuffled.
std::string ShuffleUnit(NetworkBuilder& b, const std::string& x, int64_t out, int64_t stride) {
  const int64_t in = b.dims(x)[1], half = out / 2;
  std::string left = x, right = x;
  if (stride == 1) {
    left = b.SliceAxis(x, 1, 0, in / 2);
    right = b.SliceAxis(x, 1, in / 2, in);
  } else {
    left = b.ConvBn(left, in, 3, stride, 1, in, A::kNone);
    left = b.ConvBn(left, half, 1, 1, 0);
  }
  right = b.ConvBn(right, half, 1, 1, 0);
  right = b.ConvBn(right, half, 3, stride, 1, half, A::kNone);
  right = b.ConvBn(right, half, 1, 1, 0);
  return b.ChannelShuffle(b.Concat({left, right}), 2);
}

// ResNeXt / RegNet bottleneck: 1x1, grouped 3x3, optional SE, 1x1, residual.
std::string GroupedBottleneck(NetworkBuilder& b, const std::string& x, int64_t width, int64_t groups,
                              int64_t out, int64_t stride, int64_t se_channels) {
  const int64_t in = b.dims(x)[1];
  std::string y = b.ConvBn(x, width, 1, 1, 0);
  y = b.ConvBn(y, width, 3, stride, 1, groups);
  if (se_channels > 0) y = b.SqueezeExcite(y, se_channels, A::kRelu, A::kSigmoid);
  y = b.ConvBn(y, out, 1, 1, 0, 1, A::kNone, 0.4f);
  std::string shortcut = x;
  if (stride != 1 || in != out) shortcut = b.ConvBn(x, out, 1, stride, 0, 1, A::kNone);
  return b.Add(y, shortcut, A::kRelu);
}

// Inception-v3's modules (torchvision's InceptionA..E); every conv is
// Conv + BatchNorm + ReLU.
std::string InceptionA(NetworkBuilder& b, const std::string& x, int64_t pool_features) {
  const std::string b1 = b.ConvBn(x, 64, 1, 1, 0);
  const std::string b5 = b.ConvBn(b.ConvBn(x, 48, 1, 1, 0), 64, 5, 1, 2);
  const std::string b3 = b.ConvBn(b.ConvBn(b.ConvBn(x, 64, 1, 1, 0), 96, 3, 1, 1), 96, 3, 1, 1);
  const std::string pool = b.ConvBn(b.AveragePool(x, 3, 1, 1), pool_features, 1, 1, 0);
  return b.Concat({b1, b5, b3, pool});
}

std::string InceptionB(NetworkBuilder& b, const std::string& x) {
  const std::string b3 = b.ConvBn(x, 384, 3, 2, 0);
  const std::string dbl = b.ConvBn(b.ConvBn(b.ConvBn(x, 64, 1, 1, 0), 96, 3, 1, 1), 96, 3, 2, 0);
  return b.Concat({b3, dbl, b.MaxPool(x, 3, 2, 0)});
}

// The factorized 7x7: a 1x7 then a 7x1 convolution.
std::string Conv7x7(NetworkBuilder& b, const std::string& x, int64_t mid, int64_t out) {
  return b.ConvBnRect(b.ConvBnRect(x, mid, 1, 7, 0, 3), out, 7, 1, 3, 0);
}

std::string InceptionC(NetworkBuilder& b, const std::string& x, int64_t c7) {
  const std::string b1 = b.ConvBn(x, 192, 1, 1, 0);
  const std::string b7 = Conv7x7(b, b.ConvBn(x, c7, 1, 1, 0), c7, 192);
  std::string dbl = b.ConvBnRect(b.ConvBn(x, c7, 1, 1, 0), c7, 7, 1, 3, 0);
  dbl = b.ConvBnRect(b.ConvBnRect(dbl, c7, 1, 7, 0, 3), c7, 7, 1, 3, 0);
  dbl = b.ConvBnRect(dbl, 192, 1, 7, 0, 3);
  const std::string pool = b.ConvBn(b.AveragePool(x, 3, 1, 1), 192, 1, 1, 0);
  return b.Concat({b1, b7, dbl, pool});
}

std::string InceptionD(NetworkBuilder& b, const std::string& x) {
  const std::string b3 = b.ConvBn(b.ConvBn(x, 192, 1, 1, 0), 320, 3, 2, 0);
  const std::string b7 = b.ConvBn(Conv7x7(b, b.ConvBn(x, 192, 1, 1, 0), 192, 192), 192, 3, 2, 0);
  return b.Concat({b3, b7, b.MaxPool(x, 3, 2, 0)});
}

// A 1x3 and a 3x1 convolution side by side.
std::string SplitConv3x3(NetworkBuilder& b, const std::string& x) {
  return b.Concat({b.ConvBnRect(x, 384, 1, 3, 0, 1), b.ConvBnRect(x, 384, 3, 1, 1, 0)});
}

std::string InceptionE(NetworkBuilder& b, const std::string& x) {
  const std::string b1 = b.ConvBn(x, 320, 1, 1, 0);
  const std::string b3 = SplitConv3x3(b, b.ConvBn(x, 384, 1, 1, 0));
  const std::string dbl = SplitConv3x3(b, b.ConvBn(b.ConvBn(x, 448, 1, 1, 0), 384, 3, 1, 1));
  const std::string pool = b.ConvBn(b.AveragePool(x, 3, 1, 1), 192, 1, 1, 0);
  return b.Concat({b1, b3, dbl, pool});
}

// NCHW -> NHWC, LayerNorm over channels, back (torchvision's LayerNorm2d).
std::string ChannelLayerNorm(NetworkBuilder& b, const std::string& x) {
  return b.Transpose(b.LayerNorm(b.Transpose(x, {0, 2, 3, 1})), {0, 3, 1, 2});
}

// ConvNeXt's block: depthwise 7x7, LayerNorm, MLP (4x, GELU) on the
// channels-last view, layer scale, residual.
std::string ConvNeXtBlock(NetworkBuilder& b, const std::string& x) {
  const int64_t c = b.dims(x)[1];
  std::string y = b.Transpose(b.Conv(x, c, 7, 1, 3, A::kNone, c), {0, 2, 3, 1});
  y = b.Linear(b.Linear(b.LayerNorm(y), 4 * c, A::kGelu), c, A::kNone);
  // Trained layer scales are small; these keep the residual stream bounded.
  y = b.MulParameter(b.Transpose(y, {0, 3, 1, 2}), {c, 1, 1}, 0.1f, 0.4f);
  return b.Add(y, x, A::kNone);
}

// Pre-norm transformer encoder block on [N, tokens, dim]: multi-head
// self-attention, then the MLP (4x, GELU), each with a residual.
std::string EncoderBlock(NetworkBuilder& b, const std::string& x, int64_t heads) {
  const ir::Dims d = b.dims(x);
  const int64_t tokens = d[1], dim = d[2], head_dim = dim / heads;
  const std::string normed = b.LayerNorm(x);
  auto split_heads = [&](const std::string& t, const std::vector<int64_t>& perm) {
    return b.Transpose(b.Reshape(t, {0, tokens, heads, head_dim}), perm);
  };
  const std::string q = split_heads(b.Linear(normed, dim, A::kNone), {0, 2, 1, 3});
  const std::string k = split_heads(b.Linear(normed, dim, A::kNone), {0, 2, 3, 1});
  const std::string v = split_heads(b.Linear(normed, dim, A::kNone), {0, 2, 1, 3});
  const std::string weights =
      b.Softmax(b.Scale(b.MatMul(q, k), 1.f / std::sqrt(static_cast<float>(head_dim))));
  std::string attended = b.Reshape(b.Transpose(b.MatMul(weights, v), {0, 2, 1, 3}), {0, tokens, dim});
  const std::string y = b.Add(b.Linear(attended, dim, A::kNone, 0.4f), x, A::kNone);
  const std::string mlp = b.Linear(b.Linear(b.LayerNorm(y), 4 * dim, A::kGelu), dim, A::kNone, 0.4f);
  return b.Add(mlp, y, A::kNone);
}

}  // namespace

ir::Graph BuildInceptionV3(uint32_t seed) {
  NetworkBuilder b("inception_v3", seed);
  std::string x = b.Input("input", {1, 3, 299, 299});
  x = b.ConvBn(b.ConvBn(b.ConvBn(x, 32, 3, 2, 0), 32, 3, 1, 0), 64, 3, 1, 1);
  x = b.ConvBn(b.ConvBn(b.MaxPool(x, 3, 2, 0), 80, 1, 1, 0), 192, 3, 1, 0);
  x = b.MaxPool(x, 3, 2, 0);
  for (int64_t pool_features : {32, 64, 64}) x = InceptionA(b, x, pool_features);
  x = InceptionB(b, x);
  for (int64_t c7 : {128, 160, 160, 192}) x = InceptionC(b, x, c7);
  x = InceptionE(b, InceptionE(b, InceptionD(b, x)));
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildConvNeXtTiny(uint32_t seed) {
  NetworkBuilder b("convnext_tiny", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = ChannelLayerNorm(b, b.Conv(x, 96, 4, 4, 0, A::kNone));
  const int depths[] = {3, 3, 9, 3};
  const int64_t dims[] = {96, 192, 384, 768};
  for (int stage = 0; stage < 4; ++stage) {
    if (stage > 0) x = b.Conv(ChannelLayerNorm(b, x), dims[stage], 2, 2, 0, A::kNone);
    for (int i = 0; i < depths[stage]; ++i) x = ConvNeXtBlock(b, x);
  }
  x = ChannelLayerNorm(b, b.GlobalAveragePool(x));
  return b.Finish({b.Dense(b.Flatten(x), kClasses, A::kNone)});
}

ir::Graph BuildVitTiny(uint32_t seed) {
  constexpr int64_t kDim = 192, kHeads = 3, kDepth = 12, kPatches = 14 * 14;
  NetworkBuilder b("vit_ti_16", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  // Patch embedding, then the class token: a zero row in front of the
  // patches plus one learned [tokens, dim] constant (class token in row 0,
  // position embedding everywhere), which is Concat + Add without a
  // batch-sized Expand.
  x = b.Transpose(b.Reshape(b.Conv(x, kDim, 16, 16, 0, A::kNone), {0, kDim, kPatches}), {0, 2, 1});
  x = b.AddParameter(b.Pad(x, {0, 1, 0}, {0, 0, 0}), {kPatches + 1, kDim}, 0.5f);
  for (int i = 0; i < kDepth; ++i) x = EncoderBlock(b, x, kHeads);
  x = b.Reshape(b.SliceAxis(b.LayerNorm(x), 1, 0, 1), {0, kDim});
  return b.Finish({b.Dense(x, kClasses, A::kNone)});
}

ir::Graph BuildEfficientNetB0(uint32_t seed) {
  NetworkBuilder b("efficientnet_b0", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.ConvBn(x, 32, 3, 2, 1, 1, A::kSilu);
  struct Stage {
    int64_t expansion, kernel, stride, out, repeats;
  };
  const Stage stages[] = {{1, 3, 1, 16, 1},  {6, 3, 2, 24, 2},  {6, 5, 2, 40, 2}, {6, 3, 2, 80, 3},
                          {6, 5, 1, 112, 3}, {6, 5, 2, 192, 4}, {6, 3, 1, 320, 1}};
  for (const Stage& st : stages) {
    for (int64_t i = 0; i < st.repeats; ++i)
      x = MbConv(b, x, st.expansion, st.kernel, i == 0 ? st.stride : 1, st.out);
  }
  x = b.ConvBn(x, 1280, 1, 1, 0, 1, A::kSilu);
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildMobileNetV3Large(uint32_t seed) {
  const std::vector<V3Block> blocks = {
      {3, 16, 16, false, false, 1}, {3, 64, 24, false, false, 2}, {3, 72, 24, false, false, 1},
      {5, 72, 40, true, false, 2},  {5, 120, 40, true, false, 1}, {5, 120, 40, true, false, 1},
      {3, 240, 80, false, true, 2}, {3, 200, 80, false, true, 1}, {3, 184, 80, false, true, 1},
      {3, 184, 80, false, true, 1}, {3, 480, 112, true, true, 1}, {3, 672, 112, true, true, 1},
      {5, 672, 160, true, true, 2}, {5, 960, 160, true, true, 1}, {5, 960, 160, true, true, 1}};
  return BuildMobileNetV3("mobilenet_v3_large", blocks, 960, 1280, seed);
}

ir::Graph BuildMobileNetV3Small(uint32_t seed) {
  const std::vector<V3Block> blocks = {
      {3, 16, 16, true, false, 2}, {3, 72, 24, false, false, 2}, {3, 88, 24, false, false, 1},
      {5, 96, 40, true, true, 2},  {5, 240, 40, true, true, 1},  {5, 240, 40, true, true, 1},
      {5, 120, 48, true, true, 1}, {5, 144, 48, true, true, 1},  {5, 288, 96, true, true, 2},
      {5, 576, 96, true, true, 1}, {5, 576, 96, true, true, 1}};
  return BuildMobileNetV3("mobilenet_v3_small", blocks, 576, 1024, seed);
}

ir::Graph BuildShuffleNetV2(uint32_t seed) {
  NetworkBuilder b("shufflenet_v2", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.MaxPool(b.ConvBn(x, 24, 3, 2, 1), 3, 2, 1);
  const int64_t widths[] = {116, 232, 464}, repeats[] = {4, 8, 4};
  for (int stage = 0; stage < 3; ++stage) {
    for (int64_t i = 0; i < repeats[stage]; ++i) x = ShuffleUnit(b, x, widths[stage], i == 0 ? 2 : 1);
  }
  x = b.ConvBn(x, 1024, 1, 1, 0);
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildResNeXt50(uint32_t seed) {
  NetworkBuilder b("resnext50_32x4d", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.MaxPool(b.ConvBn(x, 64, 7, 2, 3), 3, 2, 1);
  const int blocks[] = {3, 4, 6, 3};
  const int64_t planes[] = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage) {
    for (int i = 0; i < blocks[stage]; ++i) {
      x = GroupedBottleneck(b, x, planes[stage] * 2, 32, planes[stage] * 4, i == 0 && stage > 0 ? 2 : 1, 0);
    }
  }
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildRegNetY400MF(uint32_t seed) {
  NetworkBuilder b("regnet_y_400mf", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.ConvBn(x, 32, 3, 2, 1);
  const int depths[] = {1, 3, 6, 6};
  const int64_t widths[] = {48, 104, 208, 440};
  for (int stage = 0; stage < 4; ++stage) {
    for (int i = 0; i < depths[stage]; ++i) {
      const int64_t in = b.dims(x)[1];
      x = GroupedBottleneck(b, x, widths[stage], widths[stage] / 8, widths[stage], i == 0 ? 2 : 1,
                            static_cast<int64_t>(std::lround(0.25 * in)));
    }
  }
  return b.Finish({Classifier(b, x)});
}

ir::Graph BuildDenseNet121(uint32_t seed) {
  NetworkBuilder b("densenet121", seed);
  std::string x = b.Input("input", {1, 3, 224, 224});
  x = b.MaxPool(b.ConvBn(x, 64, 7, 2, 3), 3, 2, 1);
  const int layers[] = {6, 12, 24, 16};
  for (int block = 0; block < 4; ++block) {
    std::vector<std::string> features = {x};
    for (int i = 0; i < layers[block]; ++i) {
      // Pre-activation: BN, ReLU, 1x1 conv (4 x growth), BN, ReLU, 3x3 conv (growth).
      std::string y = features.size() == 1 ? features[0] : b.Concat(features);
      y = b.ConvBn(b.BnAct(y, A::kRelu), 128, 1, 1, 0);
      features.push_back(b.Conv(y, 32, 3, 1, 1, A::kNone));
    }
    x = b.Concat(features);
    if (block < 3) x = b.AveragePool(b.Conv(b.BnAct(x, A::kRelu), b.dims(x)[1] / 2, 1, 1, 0, A::kNone), 2, 2);
  }
  return b.Finish({Classifier(b, b.BnAct(x, A::kRelu))});
}

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
  const std::pair<int64_t, int64_t> layers[] = {{64, 1},  {128, 2},  {128, 1}, {256, 2}, {256, 1},
                                                {512, 2}, {512, 1},  {512, 1}, {512, 1}, {512, 1},
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
