#include "tools/zoo/network_builder.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace mint8::tools {
namespace {

int64_t ConvOut(int64_t in, int64_t kernel, int64_t stride, int64_t pad) {
  return (in + 2 * pad - kernel) / stride + 1;
}

}  // namespace

NetworkBuilder::NetworkBuilder(std::string name, uint32_t seed) : name_(std::move(name)), rng_(seed) {
  graph_.metadata()["model"] = name_;
}

std::string NetworkBuilder::Fresh(const std::string& kind) { return absl::StrCat(kind, ++counters_[kind]); }

std::string NetworkBuilder::AddInts(const std::string& base, const std::vector<int64_t>& values) {
  const std::string name = Fresh(base);
  graph_.AddConstant(name, ir::DataType::kS64, {static_cast<int64_t>(values.size())},
                     ir::Buffer::Copy(values.data(), values.size() * sizeof(int64_t)));
  return name;
}

std::string NetworkBuilder::AddConstant(const std::string& base, ir::Dims dims, std::vector<float> values) {
  graph_.AddConstant(base, ir::DataType::kF32, dims,
                     ir::Buffer::Copy(values.data(), values.size() * sizeof(float)));
  return base;
}

std::vector<float> NetworkBuilder::HeNormal(int64_t count, int64_t fan_in) {
  std::normal_distribution<float> dist(0.f, std::sqrt(2.f / fan_in));
  std::vector<float> v(count);
  for (float& x : v) x = dist(rng_);
  return v;
}

std::string NetworkBuilder::AddOp(const std::string& op, std::vector<std::string> inputs, ir::Dims out_dims,
                                  ir::Attributes attrs) {
  const std::string node = Fresh(op);
  const std::string out = node;
  graph_.AddNode(ir::Node{node, op, std::move(inputs), {out}, std::move(attrs)});
  graph_.AddTensor(out, ir::DataType::kF32, ir::Shape::Of(out_dims));
  dims_[out] = out_dims;
  return out;
}

std::string NetworkBuilder::Input(const std::string& name, ir::Dims dims) {
  graph_.AddTensor(name, ir::DataType::kF32, ir::Shape::Of(dims));
  graph_.inputs().push_back(name);
  dims_[name] = dims;
  return name;
}

std::string NetworkBuilder::Activate(const std::string& x, Activation act) {
  ir::Attributes a;
  switch (act) {
    case Activation::kNone:
      return x;
    case Activation::kRelu:
      return AddOp("Relu", {x}, dims_[x]);
    case Activation::kRelu6:
      a.Set("min", 0.f);
      a.Set("max", 6.f);
      return AddOp("Clip", {x}, dims_[x], a);
    case Activation::kHardSwish:
      return AddOp("HardSwish", {x}, dims_[x]);
    case Activation::kSilu:
      return Mul(x, AddOp("Sigmoid", {x}, dims_[x]));
    case Activation::kSigmoid:
      return AddOp("Sigmoid", {x}, dims_[x]);
    case Activation::kHardSigmoid:
      a.Set("alpha", 1.f / 6);
      a.Set("beta", 0.5f);
      return AddOp("HardSigmoid", {x}, dims_[x], a);
    case Activation::kGelu: {
      const std::string erf =
          AddOp("Erf", {AddOp("Div", {x, ScalarConstant(1.41421356f)}, dims_[x])}, dims_[x]);
      const std::string gate = AddOp("Add", {erf, ScalarConstant(1.f)}, dims_[x]);
      return AddOp("Mul", {Mul(x, gate), ScalarConstant(0.5f)}, dims_[x]);
    }
  }
  return x;
}

std::string NetworkBuilder::AddConv(const std::string& x, int64_t out_channels, ir::Dims kernel,
                                    int64_t stride, ir::Dims pads, int64_t group, bool bias) {
  const ir::Dims in = dims_[x];
  const int64_t in_per_group = in[1] / group, taps = in_per_group * kernel[0] * kernel[1];
  const std::string conv_name = absl::StrCat("conv", counters_["Conv"] + 1);
  std::vector<std::string> inputs = {
      x, AddConstant(conv_name + ".weight", {out_channels, in_per_group, kernel[0], kernel[1]},
                     HeNormal(out_channels * taps, taps))};
  if (bias) {
    inputs.push_back(AddConstant(conv_name + ".bias", {out_channels}, std::vector<float>(out_channels, 0.f)));
  }
  ir::Attributes attrs;
  attrs.Set("kernel_shape", std::vector<int64_t>(kernel.begin(), kernel.end()));
  attrs.Set("strides", std::vector<int64_t>{stride, stride});
  attrs.Set("pads", std::vector<int64_t>{pads[0], pads[1], pads[0], pads[1]});
  if (group > 1) attrs.Set("group", group);
  return AddOp("Conv", std::move(inputs),
               {in[0], out_channels, ConvOut(in[2], kernel[0], stride, pads[0]),
                ConvOut(in[3], kernel[1], stride, pads[1])},
               attrs);
}

std::string NetworkBuilder::BatchNorm(const std::string& x, float gamma_scale) {
  const int64_t c = dims_[x][1];
  std::uniform_real_distribution<float> gamma(0.6f, 1.2f), beta(-0.3f, 0.3f);
  std::vector<float> g(c), b(c);
  for (int64_t i = 0; i < c; ++i) {
    g[i] = gamma(rng_) * gamma_scale;
    b[i] = beta(rng_) * gamma_scale;
  }
  const std::string name = absl::StrCat("bn", counters_["BatchNormalization"] + 1);
  return AddOp("BatchNormalization",
               {x, AddConstant(name + ".gamma", {c}, g), AddConstant(name + ".beta", {c}, b),
                AddConstant(name + ".mean", {c}, std::vector<float>(c, 0.f)),
                AddConstant(name + ".var", {c}, std::vector<float>(c, 1.f))},
               dims_[x]);
}

std::string NetworkBuilder::ConvBn(const std::string& x, int64_t out_channels, int64_t kernel, int64_t stride,
                                   int64_t pad, int64_t group, Activation act, float gamma_scale) {
  const std::string y = AddConv(x, out_channels, {kernel, kernel}, stride, {pad, pad}, group, false);
  return Activate(BatchNorm(y, gamma_scale), act);
}

std::string NetworkBuilder::ConvBnRect(const std::string& x, int64_t out_channels, int64_t kh, int64_t kw,
                                       int64_t ph, int64_t pw) {
  const std::string y = AddConv(x, out_channels, {kh, kw}, 1, {ph, pw}, 1, false);
  return Activate(BatchNorm(y, 1.f), Activation::kRelu);
}

std::string NetworkBuilder::Conv(const std::string& x, int64_t out_channels, int64_t kernel, int64_t stride,
                                 int64_t pad, Activation act, int64_t group) {
  return Activate(AddConv(x, out_channels, {kernel, kernel}, stride, {pad, pad}, group, true), act);
}

std::string NetworkBuilder::MaxPool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad,
                                    bool ceil_mode) {
  const ir::Dims in = dims_[x];
  auto out = [&](int64_t size) {
    const int64_t span = size + 2 * pad - kernel;
    int64_t o = (ceil_mode ? (span + stride - 1) / stride : span / stride) + 1;
    if (ceil_mode && (o - 1) * stride >= size + pad) --o;
    return o;
  };
  ir::Attributes attrs;
  attrs.Set("kernel_shape", std::vector<int64_t>{kernel, kernel});
  attrs.Set("strides", std::vector<int64_t>{stride, stride});
  attrs.Set("pads", std::vector<int64_t>{pad, pad, pad, pad});
  if (ceil_mode) attrs.Set("ceil_mode", int64_t{1});
  return AddOp("MaxPool", {x}, {in[0], in[1], out(in[2]), out(in[3])}, attrs);
}

std::string NetworkBuilder::GlobalAveragePool(const std::string& x) {
  const ir::Dims in = dims_[x];
  return AddOp("GlobalAveragePool", {x}, {in[0], in[1], 1, 1});
}

std::string NetworkBuilder::Lrn(const std::string& x, int64_t size, float alpha, float beta, float bias) {
  ir::Attributes attrs;
  attrs.Set("size", size);
  attrs.Set("alpha", alpha);
  attrs.Set("beta", beta);
  attrs.Set("bias", bias);
  return AddOp("LRN", {x}, dims_[x], attrs);
}

std::string NetworkBuilder::Flatten(const std::string& x) {
  const ir::Dims in = dims_[x];
  return AddOp("Flatten", {x}, {in[0], ir::NumElements(in) / in[0]});
}

std::string NetworkBuilder::Dense(const std::string& x, int64_t out_features, Activation act) {
  const ir::Dims in = dims_[x];
  const std::string fc = absl::StrCat("fc", counters_["Gemm"] + 1);
  const std::string w =
      AddConstant(fc + ".weight", {out_features, in[1]}, HeNormal(out_features * in[1], in[1]));
  const std::string b = AddConstant(fc + ".bias", {out_features}, std::vector<float>(out_features, 0.f));
  ir::Attributes attrs;
  attrs.Set("transB", int64_t{1});
  return Activate(AddOp("Gemm", {x, w, b}, {in[0], out_features}, attrs), act);
}

std::string NetworkBuilder::Add(const std::string& a, const std::string& b, Activation act) {
  return Activate(AddOp("Add", {a, b}, dims_[a]), act);
}

std::string NetworkBuilder::Mul(const std::string& a, const std::string& b) {
  return AddOp("Mul", {a, b}, dims_[a]);
}

std::string NetworkBuilder::BnAct(const std::string& x, Activation act) {
  return Activate(BatchNorm(x, 1.f), act);
}

std::string NetworkBuilder::AveragePool(const std::string& x, int64_t kernel, int64_t stride, int64_t pad) {
  const ir::Dims in = dims_[x];
  ir::Attributes attrs;
  attrs.Set("kernel_shape", std::vector<int64_t>{kernel, kernel});
  attrs.Set("strides", std::vector<int64_t>{stride, stride});
  if (pad > 0) {
    attrs.Set("pads", std::vector<int64_t>{pad, pad, pad, pad});
    attrs.Set("count_include_pad", int64_t{1});
  }
  return AddOp("AveragePool", {x},
               {in[0], in[1], ConvOut(in[2], kernel, stride, pad), ConvOut(in[3], kernel, stride, pad)},
               attrs);
}

std::string NetworkBuilder::SqueezeExcite(const std::string& x, int64_t squeeze_channels, Activation inner,
                                          Activation gate) {
  const std::string squeezed = Conv(GlobalAveragePool(x), squeeze_channels, 1, 1, 0, inner);
  return Mul(x, Conv(squeezed, dims_[x][1], 1, 1, 0, gate));
}

std::string NetworkBuilder::ChannelShuffle(const std::string& x, int64_t groups) {
  const ir::Dims in = dims_[x];
  // 0 keeps the (symbolic) batch dimension.
  const std::string grouped =
      AddOp("Reshape", {x, AddInts("shape", {0, groups, in[1] / groups, in[2], in[3]})},
            {in[0], groups, in[1] / groups, in[2], in[3]});
  ir::Attributes perm;
  perm.Set("perm", std::vector<int64_t>{0, 2, 1, 3, 4});
  const std::string swapped =
      AddOp("Transpose", {grouped}, {in[0], in[1] / groups, groups, in[2], in[3]}, perm);
  return AddOp("Reshape", {swapped, AddInts("shape", {0, in[1], in[2], in[3]})}, in);
}

std::string NetworkBuilder::Concat(const std::vector<std::string>& xs) {
  ir::Dims out = dims_[xs[0]];
  out[1] = 0;
  for (const std::string& x : xs) out[1] += dims_[x][1];
  ir::Attributes attrs;
  attrs.Set("axis", int64_t{1});
  return AddOp("Concat", xs, out, attrs);
}

std::string NetworkBuilder::ScalarConstant(float value) { return AddConstant(Fresh("scalar"), {}, {value}); }

std::string NetworkBuilder::Transpose(const std::string& x, const std::vector<int64_t>& perm) {
  const ir::Dims in = dims_[x];
  ir::Dims out;
  for (int64_t p : perm) out.push_back(in[p]);
  ir::Attributes attrs;
  attrs.Set("perm", perm);
  return AddOp("Transpose", {x}, out, attrs);
}

std::string NetworkBuilder::Reshape(const std::string& x, const std::vector<int64_t>& shape) {
  const ir::Dims in = dims_[x];
  ir::Dims out(shape.begin(), shape.end());
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == 0) out[i] = in[i];
  }
  return AddOp("Reshape", {x, AddInts("shape", shape)}, out);
}

std::string NetworkBuilder::LayerNorm(const std::string& x) {
  const int64_t c = dims_[x].back();
  std::uniform_real_distribution<float> gamma(0.6f, 1.2f), beta(-0.3f, 0.3f);
  std::vector<float> g(c), b(c);
  for (int64_t i = 0; i < c; ++i) {
    g[i] = gamma(rng_);
    b[i] = beta(rng_);
  }
  const std::string name = Fresh("ln");
  ir::Attributes attrs;
  attrs.Set("axis", int64_t{-1});
  attrs.Set("epsilon", 1e-6f);
  return AddOp("LayerNormalization",
               {x, AddConstant(name + ".gamma", {c}, g), AddConstant(name + ".beta", {c}, b)}, dims_[x],
               attrs);
}

std::string NetworkBuilder::Linear(const std::string& x, int64_t out_features, Activation act, float gain) {
  ir::Dims out = dims_[x];
  const int64_t in = out.back();
  out.back() = out_features;
  const std::string name = Fresh("linear");
  std::vector<float> w = HeNormal(in * out_features, in);
  for (float& v : w) v *= gain;
  const std::string product = AddOp("MatMul", {x, AddConstant(name + ".weight", {in, out_features}, w)}, out);
  const std::string biased = AddOp(
      "Add", {product, AddConstant(name + ".bias", {out_features}, std::vector<float>(out_features, 0.f))},
      out);
  return Activate(biased, act);
}

std::string NetworkBuilder::MatMul(const std::string& a, const std::string& b) {
  ir::Dims out = dims_[a];
  out.back() = dims_[b].back();
  return AddOp("MatMul", {a, b}, out);
}

std::string NetworkBuilder::Softmax(const std::string& x) {
  ir::Attributes attrs;
  attrs.Set("axis", int64_t{-1});
  return AddOp("Softmax", {x}, dims_[x], attrs);
}

std::string NetworkBuilder::Scale(const std::string& x, float factor) {
  return AddOp("Mul", {x, ScalarConstant(factor)}, dims_[x]);
}

std::string NetworkBuilder::AddParameter(const std::string& x, ir::Dims dims, float std) {
  std::normal_distribution<float> dist(0.f, std);
  std::vector<float> v(ir::NumElements(dims));
  for (float& e : v) e = dist(rng_);
  return AddOp("Add", {x, AddConstant(Fresh("parameter"), dims, v)}, dims_[x]);
}

std::string NetworkBuilder::MulParameter(const std::string& x, ir::Dims dims, float lo, float hi) {
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(ir::NumElements(dims));
  for (float& e : v) e = dist(rng_);
  return AddOp("Mul", {x, AddConstant(Fresh("parameter"), dims, v)}, dims_[x]);
}

std::string NetworkBuilder::Pad(const std::string& x, const std::vector<int64_t>& before,
                                const std::vector<int64_t>& after) {
  ir::Dims out = dims_[x];
  for (size_t i = 0; i < out.size(); ++i) out[i] += before[i] + after[i];
  std::vector<int64_t> pads = before;
  pads.insert(pads.end(), after.begin(), after.end());
  return AddOp("Pad", {x, AddInts("pads", pads)}, out);
}

std::string NetworkBuilder::SliceAxis(const std::string& x, int64_t axis, int64_t begin, int64_t end) {
  ir::Dims out = dims_[x];
  out[axis] = end - begin;
  return AddOp("Slice", {x, AddInts("starts", {begin}), AddInts("ends", {end}), AddInts("axes", {axis})},
               out);
}

ir::Graph NetworkBuilder::Finish(const std::vector<std::string>& outputs) {
  graph_.outputs() = outputs;
  return graph_;
}

}  // namespace mint8::tools
