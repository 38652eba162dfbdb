// NetworkBuilder: writes CNN architectures directly in the IR, layer by
// layer, with deterministic pseudo-random weights (He-normal convolutions,
// BatchNorm with random gamma/beta). Shapes are tracked as layers are added.
//
//   NetworkBuilder b("resnet50", seed);
//   std::string x = b.Input("input", {1, 3, 224, 224});
//   x = b.ConvBn(x, 64, 7, 2, 3);           // Conv + BatchNorm + Relu
//   ...
//   ir::Graph g = b.Finish({x});
#ifndef MINT8_TOOLS_ZOO_NETWORK_BUILDER_H_
#define MINT8_TOOLS_ZOO_NETWORK_BUILDER_H_

#include <map>
#include <random>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mint8::tools {

// kSilu and kGelu are written as exporters write them (Sigmoid then Mul;
// Div by sqrt(2), Erf, Add 1, Mul, Mul by 0.5); kHardSigmoid is PyTorch's
// (x / 6 + 1/2, clipped to [0, 1]).
enum class Activation { kNone, kRelu, kRelu6, kHardSwish, kSilu, kSigmoid, kHardSigmoid, kGelu };

class NetworkBuilder {
 public:
  NetworkBuilder(std::string name, uint32_t seed);

  std::string Input(const std::string& name, ir::Dims dims);
  // Conv (no bias) + BatchNormalization + activation. `gamma_scale` scales
  // the random gamma (small for the last layer of a residual branch).
  std::string ConvBn(const std::string& x, int64_t out_channels, int64_t kernel, int64_t stride, int64_t pad,
                     int64_t group = 1, Activation act = Activation::kRelu, float gamma_scale = 1.f);
  // ConvBn with a kh x kw kernel, stride 1, pads (ph, pw) (Inception's 1x7 / 7x1).
  std::string ConvBnRect(const std::string& x, int64_t out_channels, int64_t kh, int64_t kw, int64_t ph,
                         int64_t pw);
  // Conv with bias (no BatchNorm) + activation.
  std::string Conv(const std::string& x, int64_t out_channels, int64_t kernel, int64_t stride, int64_t pad,
                   Activation act = Activation::kRelu, int64_t group = 1);
  std::string MaxPool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad,
                      bool ceil_mode = false);
  std::string GlobalAveragePool(const std::string& x);
  std::string Lrn(const std::string& x, int64_t size, float alpha, float beta, float bias);
  std::string Flatten(const std::string& x);
  // Fully connected (Gemm with transB) + activation.
  std::string Dense(const std::string& x, int64_t out_features, Activation act);
  std::string Add(const std::string& a, const std::string& b, Activation act);
  // a * b, b broadcast to a's shape.
  std::string Mul(const std::string& a, const std::string& b);
  std::string Concat(const std::vector<std::string>& xs);
  // BatchNormalization + activation on its own (pre-activation networks).
  std::string BnAct(const std::string& x, Activation act);
  // Padded windows count the padding, as PyTorch's default does.
  std::string AveragePool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad = 0);
  // Squeeze-excite: x * gate(Conv(inner(Conv(GlobalAveragePool(x))))).
  std::string SqueezeExcite(const std::string& x, int64_t squeeze_channels, Activation inner,
                            Activation gate);
  // ShuffleNet's channel shuffle: Reshape to groups, Transpose, Reshape back.
  std::string ChannelShuffle(const std::string& x, int64_t groups);

  // Transformer pieces, on the last axis of tensors of any rank.
  std::string Transpose(const std::string& x, const std::vector<int64_t>& perm);
  // 0 in `shape` keeps that dimension of x (the symbolic batch).
  std::string Reshape(const std::string& x, const std::vector<int64_t>& shape);
  std::string LayerNorm(const std::string& x);
  // MatMul by a constant [in, out] matrix, then Add a bias, then `act`;
  // `gain` scales the He-normal weights (small on residual branches).
  std::string Linear(const std::string& x, int64_t out_features, Activation act, float gain = 1.f);
  // Product of two activations (attention), batch dimensions broadcast.
  std::string MatMul(const std::string& a, const std::string& b);
  std::string Softmax(const std::string& x);
  std::string Scale(const std::string& x, float factor);
  // x + a constant of shape `dims` (broadcast) with random values of
  // standard deviation `std`.
  std::string AddParameter(const std::string& x, ir::Dims dims, float std);
  // Multiplies by a constant of shape `dims` with values in [lo, hi].
  std::string MulParameter(const std::string& x, ir::Dims dims, float lo, float hi);
  // Zero padding before (`before`) and after (`after`) each axis.
  std::string Pad(const std::string& x, const std::vector<int64_t>& before,
                  const std::vector<int64_t>& after);
  // [begin, end) of x along `axis`.
  std::string SliceAxis(const std::string& x, int64_t axis, int64_t begin, int64_t end);

  const ir::Dims& dims(const std::string& tensor) const { return dims_.at(tensor); }
  ir::Graph Finish(const std::vector<std::string>& outputs);

 private:
  std::string Fresh(const std::string& kind);
  std::string AddConstant(const std::string& base, ir::Dims dims, std::vector<float> values);
  std::string AddInts(const std::string& base, const std::vector<int64_t>& values);
  std::vector<float> HeNormal(int64_t count, int64_t fan_in);
  std::string Activate(const std::string& x, Activation act);
  std::string ScalarConstant(float value);
  std::string AddConv(const std::string& x, int64_t out_channels, ir::Dims kernel, int64_t stride,
                      ir::Dims pads, int64_t group, bool bias);
  std::string BatchNorm(const std::string& x, float gamma_scale);
  std::string AddOp(const std::string& op, std::vector<std::string> inputs, ir::Dims out_dims,
                    ir::Attributes attrs = {});

  std::string name_;
  std::mt19937 rng_;
  ir::Graph graph_;
  std::map<std::string, ir::Dims> dims_;
  std::map<std::string, int> counters_;
};

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_ZOO_NETWORK_BUILDER_H_
