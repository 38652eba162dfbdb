// The oneDNN INT8 paths against the reference INT8 kernels, which define the
// exact result (kernels/reference/quantization.h): outputs agree within one
// unit of the output's last place. Each graph quantizes an f32 input, runs
// INT8 ops and dequantizes, so Q/DQ reorders are covered as well.
#include <cmath>
#include <limits>
#include <random>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "kernels/onednn/engine.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::testing {
namespace {

using Ints = std::vector<int64_t>;
using ir::DataType;

ir::Quantization Q(float scale, int32_t zero_point = 0) {
  ir::Quantization q;
  q.scales = {scale};
  q.zero_points = {zero_point};
  return q;
}

std::vector<float> Scales(int n, float base) {
  std::vector<float> s(n);
  for (int i = 0; i < n; ++i) s[i] = base * (0.5f + 0.1f * (i % 7));
  return s;
}

// f32 input `x` quantized to `name` with the given type and parameters.
GraphBuilder& QuantizeInput(GraphBuilder& b, const std::string& x, const std::string& name, DataType dtype,
                            ir::Quantization q) {
  b.Floats(name + "/scale", {}, {q.scales[0]});
  b.QuantizedConstant(name + "/zp", dtype, {}, {q.zero_points[0]});
  b.Tensor(name, dtype, q);
  return b.Node("QuantizeLinear", {x, name + "/scale", name + "/zp"}, {name});
}

GraphBuilder& Dequantize(GraphBuilder& b, const std::string& q, const std::string& out) {
  return b.Node("DequantizeLinear", {q, q + "/dq_scale", q + "/dq_zp"}, {out});
}

struct Case {
  std::string name;
  std::function<void(GraphBuilder&)> build;
  float output_lsb;   // one unit of the outputs' last place (0 for f32 outputs)
  int own_steps = 0;  // steps mint8's own kernels cover (run when forced)
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

// Sets `post_ops` (with fixed parameters per kind) on a Conv's attributes.
void SetPostOps(const std::vector<std::string>& post_ops, ir::Attributes& a) {
  if (post_ops.empty()) return;
  std::vector<float> alpha, beta;
  for (const std::string& p : post_ops) {
    alpha.push_back(p == "clip"           ? 0.f
                    : p == "sum"          ? 1.f
                    : p == "leaky_relu"   ? 0.1f
                    : p == "hard_sigmoid" ? 0.2f
                    : p == "linear"       ? 0.7f
                                          : 0.f);
    beta.push_back(p == "clip" ? 0.3f : p == "hard_sigmoid" ? 0.5f : p == "linear" ? -0.2f : 0.f);
  }
  a.Set("post_ops", post_ops);
  a.Set("post_op_alpha", alpha);
  a.Set("post_op_beta", beta);
}

// Conv `inputs` -> y of `out_type`, y dequantized to the output (or y itself
// when f32).
void ConvToOutput(GraphBuilder& b, const std::vector<std::string>& inputs, const ir::Attributes& a,
                  DataType out_type, ir::Quantization out_q) {
  b.Tensor("y", out_type, out_type == DataType::kF32 ? std::nullopt : std::optional<ir::Quantization>(out_q));
  b.Node("Conv", inputs, {"y"}, a);
  if (out_type == DataType::kF32) {
    b.Output("y");
    return;
  }
  b.Floats("y/dq_scale", {}, {out_q.scales[0]})
      .QuantizedConstant("y/dq_zp", out_type, {}, {out_q.zero_points[0]});
  Dequantize(b, "y", "out").Output("out");
}

std::vector<int32_t> Bias(int64_t c) {
  std::vector<int32_t> bias(c);
  for (int i = 0; i < c; ++i) bias[i] = (i - 8) * 37;
  return bias;
}

// Conv over a quantized input with the given post-ops and output.
void QuantizedConvCase(GraphBuilder& b, DataType in_type, int32_t in_zp, int64_t group,
                       std::vector<std::string> post_ops, DataType out_type, ir::Quantization out_q,
                       bool residual = false) {
  const int64_t c = 16;
  b.Input("x", {1, c, 9, 11});
  QuantizeInput(b, "x", "xq", in_type, Q(0.02f, in_zp));
  b.QuantizedWeights("w", {c, c / group, 3, 3}, 63, Scales(c, 0.01f));
  b.QuantizedConstant("b", DataType::kS32, {c}, Bias(c));
  ir::Attributes a = Attrs({{"pads", Ints{1, 1, 1, 1}}, {"group", group}});
  std::vector<std::string> inputs = {"xq", "w", "b"};
  if (residual) {
    b.Input("r", {1, c, 9, 11});
    QuantizeInput(b, "r", "rq", DataType::kS8, Q(0.015f));
    inputs.push_back("rq");
  }
  SetPostOps(post_ops, a);
  ConvToOutput(b, inputs, a, out_type, out_q);
}

// A squeeze-excite block's 1x1 convolution: `in` channels on a 1x1 map (as a
// global pooling leaves them) to `out`, mint8's mat-vec when forced.
// With `saturated_bias`, channels 0 and 1 get biases at the ends of the s32
// range (a channel whose weights quantized to almost nothing), so bias plus
// products leaves it.
void PointwiseOnOnePixelCase(GraphBuilder& b, int64_t in, int64_t out, DataType in_type, int32_t in_zp,
                             std::vector<std::string> post_ops, DataType out_type, ir::Quantization out_q,
                             bool saturated_bias = false) {
  b.Input("x", {1, in, 1, 1});
  QuantizeInput(b, "x", "xq", in_type, Q(0.02f, in_zp));
  b.QuantizedWeights("w", {out, in, 1, 1}, 63, Scales(out, 0.01f));
  std::vector<int32_t> bias = Bias(out);
  if (saturated_bias) {
    bias[0] = std::numeric_limits<int32_t>::min() + 16256;
    bias[1] = std::numeric_limits<int32_t>::max() - 100;
  }
  b.QuantizedConstant("b", DataType::kS32, {out}, bias);
  ir::Attributes a;
  SetPostOps(post_ops, a);
  ConvToOutput(b, {"xq", "w", "b"}, a, out_type, out_q);
}

// A [1, 3, 13, 18] image quantized to `dtype`, a 3x3 conv to 8 channels
// (u8 out), dequantized.
void ImageCase(GraphBuilder& b, DataType dtype, int32_t zero_point) {
  b.Input("x", {1, 3, 13, 18});
  QuantizeInput(b, "x", "xq", dtype, Q(0.015f, zero_point));
  b.QuantizedWeights("w", {8, 3, 3, 3}, 63, Scales(8, 0.01f));
  b.Tensor("y", DataType::kU8, Q(0.01f));
  b.Node("Conv", {"xq", "w"}, {"y"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  b.Floats("y/dq_scale", {}, {0.01f}).QuantizedConstant("y/dq_zp", DataType::kU8, {}, {0});
  Dequantize(b, "y", "out").Output("out");
}

// An INT8 conv writing f32 (channels-last, as an FP32 layer's output would
// be) quantized to `dtype` and dequantized: mint8's one-pass quantization
// when forced.
void Fp32OutputQuantizedCase(GraphBuilder& b, DataType dtype, ir::Quantization q) {
  const int64_t c = 16;
  b.Input("x", {1, c, 9, 11});
  QuantizeInput(b, "x", "xq", DataType::kU8, Q(0.02f));
  b.QuantizedWeights("w", {c, c, 3, 3}, 63, Scales(c, 0.01f));
  b.Tensor("f", DataType::kF32, std::nullopt);
  b.Node("Conv", {"xq", "w"}, {"f"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
  QuantizeInput(b, "f", "fq", dtype, q);
  b.Floats("fq/dq_scale", {}, {q.scales[0]}).QuantizedConstant("fq/dq_zp", dtype, {}, {q.zero_points[0]});
  Dequantize(b, "fq", "out").Output("out");
}

std::vector<Case> Cases() {
  return {
      {"conv_u8_relu_to_u8",
       [](GraphBuilder& b) { QuantizedConvCase(b, DataType::kU8, 0, 1, {"relu"}, DataType::kU8, Q(0.01f)); },
       0.01f},
      {"conv_s8_to_s8",
       [](GraphBuilder& b) { QuantizedConvCase(b, DataType::kS8, 0, 1, {}, DataType::kS8, Q(0.02f)); },
       0.02f},
      {"conv_u8_zero_point_clip_to_u8",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 128, 1, {"clip"}, DataType::kU8, Q(0.002f));
       },
       0.002f},
      {"conv_depthwise_leaky_relu",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 0, 16, {"leaky_relu"}, DataType::kS8, Q(0.004f));
       },
       0.004f},
      // Depthwise convs mint8's own kernel covers (relu, clip, zero points).
      {"conv_depthwise_relu_to_u8",
       [](GraphBuilder& b) { QuantizedConvCase(b, DataType::kU8, 0, 16, {"relu"}, DataType::kU8, Q(0.01f)); },
       0.01f, 1},
      {"conv_depthwise_s8_zero_point_clip_to_s8",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kS8, -7, 16, {"clip"}, DataType::kS8, Q(0.003f, 5));
       },
       0.003f, 1},
      {"conv_depthwise_u8_zero_point_to_u8",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 128, 16, {}, DataType::kU8, Q(0.02f, 100));
       },
       0.02f, 1},
      {"conv_depthwise_s8_hard_swish_to_s8",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kS8, 0, 16, {"hard_swish"}, DataType::kS8, Q(0.01f));
       },
       0.01f, 1},
      {"conv_depthwise_u8_silu_to_s8",
       [](GraphBuilder& b) { QuantizedConvCase(b, DataType::kU8, 0, 16, {"silu"}, DataType::kS8, Q(0.01f)); },
       0.01f, 1},
      // SiLU on an f32 output (an INT8 layer before an FP32 one) and on an
      // INT8 one: mint8's SiLU after the convolution when forced.
      {"conv_u8_silu_to_f32",
       [](GraphBuilder& b) { QuantizedConvCase(b, DataType::kU8, 0, 1, {"silu"}, DataType::kF32, Q(1.f)); },
       0.f, 1},
      {"conv_u8_silu_to_u8",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 0, 1, {"silu"}, DataType::kU8, Q(0.01f, 30));
       },
       0.01f, 1},
      {"conv_s8_zero_point_silu_to_s8",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kS8, 3, 1, {"silu"}, DataType::kS8, Q(0.008f, -20));
       },
       0.008f, 1},
      {"conv_depthwise_s8_zero_point_silu_to_f32",
       [](GraphBuilder& b) { QuantizedConvCase(b, DataType::kS8, -4, 16, {"silu"}, DataType::kF32, Q(1.f)); },
       0.f, 1},
      // A three-channel image quantized by mint8's one-pass kernel when
      // forced (u8 with a zero point, and s8), then a conv.
      {"fp32_output_quantized_to_u8",
       [](GraphBuilder& b) { Fp32OutputQuantizedCase(b, DataType::kU8, Q(0.05f, 100)); }, 0.05f, 1},
      {"fp32_output_quantized_to_s8",
       [](GraphBuilder& b) { Fp32OutputQuantizedCase(b, DataType::kS8, Q(0.04f, -5)); }, 0.04f, 1},
      {"quantize_image_u8_then_conv", [](GraphBuilder& b) { ImageCase(b, DataType::kU8, 128); }, 0.01f, 1},
      {"quantize_image_s8_then_conv", [](GraphBuilder& b) { ImageCase(b, DataType::kS8, -3); }, 0.01f, 1},
      {"conv_residual_sum_relu",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 0, 1, {"sum", "relu"}, DataType::kU8, Q(0.01f), true);
       },
       0.01f},
      {"conv_hard_swish_real_domain",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kS8, 0, 1, {"hard_swish"}, DataType::kS8, Q(0.01f));
       },
       0.01f},
      {"conv_hard_sigmoid_real_domain",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 0, 1, {"hard_sigmoid"}, DataType::kU8, Q(1.f / 255));
       },
       1.f / 255},
      // A linear step last takes the output multiplier (oneDNN 2.6 gets a
      // second linear step in one chain wrong).
      {"conv_hard_swish_linear_real_domain",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 0, 1, {"hard_swish", "linear"}, DataType::kS8, Q(0.01f));
       },
       0.01f},
      // Two own steps when forced: the input's quantization and the mat-vec.
      {"pointwise_on_one_pixel_u8_zero_point_relu_to_u8",
       [](GraphBuilder& b) {
         PointwiseOnOnePixelCase(b, 200, 50, DataType::kU8, 14, {"relu"}, DataType::kU8, Q(0.01f));
       },
       0.01f, 2},
      {"pointwise_on_one_pixel_hard_sigmoid_to_f32",
       [](GraphBuilder& b) {
         PointwiseOnOnePixelCase(b, 50, 200, DataType::kU8, 0, {"hard_sigmoid"}, DataType::kF32, {});
       },
       0.f, 2},
      {"pointwise_on_one_pixel_s8_hard_swish_linear_to_s8",
       [](GraphBuilder& b) {
         PointwiseOnOnePixelCase(b, 37, 19, DataType::kS8, -3, {"hard_swish", "linear"}, DataType::kS8,
                                 Q(0.01f, 4));
       },
       0.01f, 2},
      {"pointwise_on_one_pixel_saturated_bias_to_s8",
       [](GraphBuilder& b) {
         PointwiseOnOnePixelCase(b, 200, 50, DataType::kS8, 0, {}, DataType::kS8, Q(0.01f), true);
       },
       0.01f, 2},
      {"pointwise_on_one_pixel_clip_to_u8",
       [](GraphBuilder& b) {
         PointwiseOnOnePixelCase(b, 24, 96, DataType::kU8, 0, {"clip"}, DataType::kU8, Q(0.002f, 3));
       },
       0.002f, 2},
      {"conv_transpose_relu_to_u8",
       [](GraphBuilder& b) {
         b.Input("x", {1, 16, 5, 6});
         QuantizeInput(b, "x", "xq", DataType::kU8, Q(0.02f, 3));
         b.QuantizedWeights("w", {16, 16, 3, 3}, 63, Scales(16, 0.01f));
         std::vector<int32_t> bias(16);
         for (int i = 0; i < 16; ++i) bias[i] = (i - 8) * 41;
         b.QuantizedConstant("b", DataType::kS32, {16}, bias);
         b.Tensor("y", DataType::kU8, Q(0.01f));
         b.Node("ConvTranspose", {"xq", "w", "b"}, {"y"},
                Attrs({{"strides", Ints{2, 2}},
                       {"pads", Ints{1, 1, 1, 1}},
                       {"output_padding", Ints{1, 1}},
                       {"post_ops", std::vector<std::string>{"relu"}},
                       {"post_op_alpha", std::vector<float>{0.f}},
                       {"post_op_beta", std::vector<float>{0.f}}}));
         b.Floats("y/dq_scale", {}, {0.01f}).QuantizedConstant("y/dq_zp", DataType::kU8, {}, {0});
         Dequantize(b, "y", "out").Output("out");
       },
       0.01f},
      // A detector head's last upsampling: stride equal to the 2x2 kernel,
      // an f32 probability map through a sigmoid; mint8's patch kernel when
      // forced (weights per output channel, axis 1 of ONNX's layout).
      {"patch_conv_transpose_sigmoid_to_f32",
       [](GraphBuilder& b) {
         b.Input("x", {1, 16, 5, 7});
         QuantizeInput(b, "x", "xq", DataType::kU8, Q(0.02f, 3));
         std::mt19937 rng(4);
         std::uniform_int_distribution<int> weight(-63, 63);
         std::vector<int32_t> w(16 * 8 * 2 * 2);
         for (int32_t& v : w) v = weight(rng);
         ir::Quantization wq;
         wq.scales = Scales(8, 0.01f);
         wq.axis = 1;
         b.QuantizedConstant("w", DataType::kS8, {16, 8, 2, 2}, w, wq);
         b.QuantizedConstant("b", DataType::kS32, {8}, Bias(8));
         b.Tensor("y", DataType::kF32);
         b.Node("ConvTranspose", {"xq", "w", "b"}, {"y"},
                Attrs({{"strides", Ints{2, 2}},
                       {"post_ops", std::vector<std::string>{"sigmoid"}},
                       {"post_op_alpha", std::vector<float>{0.f}},
                       {"post_op_beta", std::vector<float>{0.f}}}));
         b.Output("y");
       },
       0.f, 1},
      {"conv_to_f32",
       [](GraphBuilder& b) { QuantizedConvCase(b, DataType::kU8, 0, 1, {"relu"}, DataType::kF32, {}); }, 0.f},
      {"gemm_to_f32",
       [](GraphBuilder& b) {
         b.Input("x", {2, 40});
         QuantizeInput(b, "x", "xq", DataType::kU8, Q(0.01f, 100));
         b.QuantizedWeights("w", {7, 40}, 63, Scales(7, 0.02f));
         std::vector<int32_t> bias = {5, -9, 100, 0, 44, -300, 7};
         b.QuantizedConstant("b", DataType::kS32, {7}, bias);
         b.Tensor("y", DataType::kF32);
         b.Node("Gemm", {"xq", "w", "b"}, {"y"}, Attrs({{"transB", int64_t{1}}})).Output("y");
       },
       0.f, 1},
      // Attention's scores: s8 Q x s8 K' scaled by 1/sqrt(d), written f32 for
      // the softmax; batch dimensions of both operands. Within one step of
      // the product's grid (0.02 x 0.03 x 0.125): exact with VNNI, FP32
      // between dequantizations without (int8_encoding.h).
      {"matmul_operands_to_f32",
       [](GraphBuilder& b) {
         b.Input("q", {1, 2, 5, 8}).Input("k", {1, 2, 8, 6});
         QuantizeInput(b, "q", "qq", DataType::kS8, Q(0.02f));
         QuantizeInput(b, "k", "kq", DataType::kS8, Q(0.03f));
         b.Tensor("y", DataType::kF32);
         b.Node("MatMul", {"qq", "kq"}, {"y"},
                Attrs({{"post_ops", std::vector<std::string>{"linear"}},
                       {"post_op_alpha", std::vector<float>{0.125f}},
                       {"post_op_beta", std::vector<float>{0.f}}}))
             .Output("y");
       },
       0.02f * 0.03f * 0.125f},
      // u8 with a zero point times s8 into s8, rank 3.
      {"matmul_operands_to_s8",
       [](GraphBuilder& b) {
         b.Input("p", {3, 4, 16}).Input("v", {3, 16, 5});
         QuantizeInput(b, "p", "pq", DataType::kU8, Q(0.01f, 20));
         QuantizeInput(b, "v", "vq", DataType::kS8, Q(0.02f));
         b.Tensor("y", DataType::kS8, Q(0.005f));
         b.Node("MatMul", {"pq", "vq"}, {"y"});
         b.Floats("y/dq_scale", {}, {0.005f}).QuantizedConstant("y/dq_zp", DataType::kS8, {}, {0});
         Dequantize(b, "y", "out").Output("out");
       },
       0.005f},
      // Weights as [K, N] (transB 0), one scale: a classifier's last layer
      // at batch 1, on mint8's mat-vec when forced.
      {"gemm_weights_k_by_n_relu_to_u8",
       [](GraphBuilder& b) {
         b.Input("x", {1, 300});
         QuantizeInput(b, "x", "xq", DataType::kU8, Q(0.01f, 7));
         b.QuantizedWeights("w", {300, 20}, 63, {0.003f});
         std::vector<int32_t> bias(20);
         for (int i = 0; i < 20; ++i) bias[i] = (i - 10) * 53;
         b.QuantizedConstant("b", DataType::kS32, {20}, bias);
         b.Tensor("y", DataType::kU8, Q(0.02f));
         b.Node("Gemm", {"xq", "w", "b"}, {"y"},
                Attrs({{"post_ops", std::vector<std::string>{"relu"}},
                       {"post_op_alpha", std::vector<float>{0.f}},
                       {"post_op_beta", std::vector<float>{0.f}}}));
         b.Floats("y/dq_scale", {}, {0.02f}).QuantizedConstant("y/dq_zp", DataType::kU8, {}, {0});
         Dequantize(b, "y", "out").Output("out");
       },
       0.02f, 1},
      // An s8 output: on CPUs without VNNI stored as u8 with a zero point,
      // which the inner product adds in its last linear step.
      {"gemm_gelu_to_s8",
       [](GraphBuilder& b) {
         b.Input("x", {5, 40});
         QuantizeInput(b, "x", "xq", DataType::kS8, Q(0.01f));
         b.QuantizedWeights("w", {7, 40}, 63, Scales(7, 0.02f));
         std::vector<int32_t> bias = {5, -9, 100, 0, 44, -300, 7};
         b.QuantizedConstant("b", DataType::kS32, {7}, bias);
         b.Tensor("y", DataType::kS8, Q(0.004f));
         b.Node("Gemm", {"xq", "w", "b"}, {"y"},
                Attrs({{"transB", int64_t{1}},
                       {"post_ops", std::vector<std::string>{"gelu"}},
                       {"post_op_alpha", std::vector<float>{0.f}},
                       {"post_op_beta", std::vector<float>{0.f}}}));
         b.Floats("y/dq_scale", {}, {0.004f}).QuantizedConstant("y/dq_zp", DataType::kS8, {}, {0});
         Dequantize(b, "y", "out").Output("out");
       },
       0.004f, 1},
      // Too many outputs for the mat-vec: the inner product writes f32 and
      // mint8's GELU quantizes when forced (a transformer's MLP expansion).
      {"gemm_gelu_to_u8_zero_point",
       [](GraphBuilder& b) {
         b.Input("x", {64, 40});
         QuantizeInput(b, "x", "xq", DataType::kU8, Q(0.01f, 120));
         b.QuantizedWeights("w", {96, 40}, 63, Scales(96, 0.02f));
         b.QuantizedConstant("b", DataType::kS32, {96}, std::vector<int32_t>(96, -40));
         b.Tensor("y", DataType::kU8, Q(0.004f, 30));
         b.Node("Gemm", {"xq", "w", "b"}, {"y"},
                Attrs({{"transB", int64_t{1}},
                       {"post_ops", std::vector<std::string>{"gelu"}},
                       {"post_op_alpha", std::vector<float>{0.f}},
                       {"post_op_beta", std::vector<float>{0.f}}}));
         b.Floats("y/dq_scale", {}, {0.004f}).QuantizedConstant("y/dq_zp", DataType::kU8, {}, {30});
         Dequantize(b, "y", "out").Output("out");
       },
       0.004f, 1},
      {"pools_and_concat_keep_quantization",
       [](GraphBuilder& b) {
         b.Input("x", {1, 8, 10, 10});
         QuantizeInput(b, "x", "xq", DataType::kU8, Q(0.01f));
         b.Tensor("mp", DataType::kU8, Q(0.01f)).Tensor("ap", DataType::kU8, Q(0.01f));
         b.Tensor("gp", DataType::kU8, Q(0.01f)).Tensor("cat", DataType::kU8, Q(0.01f));
         b.Node("MaxPool", {"xq"}, {"mp"},
                Attrs({{"kernel_shape", Ints{3, 3}}, {"strides", Ints{2, 2}}, {"pads", Ints{1, 1, 1, 1}}}));
         b.Node("AveragePool", {"xq"}, {"ap"},
                Attrs({{"kernel_shape", Ints{3, 3}}, {"strides", Ints{2, 2}}, {"pads", Ints{1, 1, 1, 1}}}));
         b.Node("Concat", {"mp", "ap"}, {"cat"}, Attrs({{"axis", int64_t{1}}}));
         b.Node("GlobalAveragePool", {"cat"}, {"gp"});
         b.Floats("gp/dq_scale", {}, {0.01f}).QuantizedConstant("gp/dq_zp", DataType::kU8, {}, {0});
         Dequantize(b, "gp", "out").Output("out");
       },
       0.01f, 1},  // the global pooling of the channels-last concatenation
      // Squeeze-excite's squeeze: a global average pooling of a depthwise
      // conv's channels-last output, mint8's own pooling when forced.
      {"squeeze_global_average_pool_u8_zero_point",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 128, 16, {}, DataType::kU8, Q(0.02f, 100));
         b.Tensor("gp", DataType::kU8, Q(0.02f, 100)).Node("GlobalAveragePool", {"y"}, {"gp"});
         b.Floats("gp/dq_scale", {}, {0.02f}).QuantizedConstant("gp/dq_zp", DataType::kU8, {}, {100});
         Dequantize(b, "gp", "out2").Output("out2");
       },
       0.02f, 2},
      {"squeeze_global_average_pool_s8_zero_point",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kS8, -7, 16, {"clip"}, DataType::kS8, Q(0.003f, 5));
         b.Tensor("gp", DataType::kS8, Q(0.003f, 5)).Node("GlobalAveragePool", {"y"}, {"gp"});
         b.Floats("gp/dq_scale", {}, {0.003f}).QuantizedConstant("gp/dq_zp", DataType::kS8, {}, {5});
         Dequantize(b, "gp", "out2").Output("out2");
       },
       0.003f, 2},
      {"squeeze_excite_mul_int8_gate",
       [](GraphBuilder& b) {
         // x (s8, nhwc from a conv) times a u8 per-channel gate, as MobileNetV3 runs it.
         QuantizedConvCase(b, DataType::kU8, 0, 1, {"hard_swish"}, DataType::kS8, Q(0.02f));
         b.Input("g", {1, 16, 1, 1});
         QuantizeInput(b, "g", "gq", DataType::kU8, Q(1.f / 255));
         b.Tensor("se", DataType::kS8, Q(0.015f)).Node("Mul", {"gq", "y"}, {"se"});
         b.Floats("se/dq_scale", {}, {0.015f}).QuantizedConstant("se/dq_zp", DataType::kS8, {}, {0});
         Dequantize(b, "se", "out2").Output("out2");
       },
       0.02f,  // the larger of the two outputs' units
       1},     // the gate's quantization: a [1, 16, 1, 1] tensor is channels-last too
      // An INT8 layer's output times an f32 gate into INT8: one requantization
      // by channel on mint8's kernel (u8 -> s8 here, s8 with a zero point ->
      // u8 below).
      {"squeeze_excite_mul_f32_gate",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 0, 1, {"relu"}, DataType::kU8, Q(0.01f));
         b.Input("g", {1, 16, 1, 1});
         b.Tensor("se", DataType::kS8, Q(0.008f)).Node("Mul", {"y", "g"}, {"se"});
         b.Floats("se/dq_scale", {}, {0.008f}).QuantizedConstant("se/dq_zp", DataType::kS8, {}, {0});
         Dequantize(b, "se", "out2").Output("out2");
       },
       0.01f, 1},
      {"squeeze_excite_mul_f32_gate_zero_points",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 0, 1, {}, DataType::kS8, Q(0.01f, -6));
         b.Input("g", {1, 16, 1, 1});
         b.Tensor("se", DataType::kU8, Q(0.006f, 120)).Node("Mul", {"g", "y"}, {"se"});
         b.Floats("se/dq_scale", {}, {0.006f}).QuantizedConstant("se/dq_zp", DataType::kU8, {}, {120});
         Dequantize(b, "se", "out2").Output("out2");
       },
       0.01f, 1},
      // A detector's FPN step: an INT8 map upsampled (keeping its scale) and
      // added to a lateral map of another scale and a zero point, into an
      // output of a third: oneDNN's binary with two source scales and one
      // shift, and mint8's copy kernel for the channels-last upsampling.
      {"fpn_upsample_and_sum_of_two_scales",
       [](GraphBuilder& b) {
         QuantizedConvCase(b, DataType::kU8, 0, 1, {}, DataType::kS8, Q(0.02f));
         b.Floats("roi", {0}, {}).Floats("scales", {4}, {1, 1, 2, 2});
         b.Tensor("up", DataType::kS8, Q(0.02f));
         b.Node("Resize", {"y", "roi", "scales"}, {"up"},
                Attrs({{"mode", std::string("nearest")},
                       {"coordinate_transformation_mode", std::string("asymmetric")},
                       {"nearest_mode", std::string("floor")}}));
         b.Input("l", {1, 16, 18, 22});
         QuantizeInput(b, "l", "lq", DataType::kS8, Q(0.015f, 3));
         b.Tensor("s", DataType::kU8, Q(0.03f, 100)).Node("Add", {"up", "lq"}, {"s"});
         b.Floats("s/dq_scale", {}, {0.03f}).QuantizedConstant("s/dq_zp", DataType::kU8, {}, {100});
         Dequantize(b, "s", "out2").Output("out2");
       },
       0.03f, 1},
      {"requantize",
       [](GraphBuilder& b) {
         b.Input("x", {1, 4, 5, 5});
         QuantizeInput(b, "x", "xq", DataType::kS8, Q(0.01f));
         b.Floats("sx", {}, {0.01f}).QuantizedConstant("zx", DataType::kS8, {}, {0});
         b.Floats("sy", {}, {0.03f}).QuantizedConstant("zy", DataType::kU8, {}, {128});
         b.Tensor("yq", DataType::kU8, Q(0.03f, 128));
         b.Node("Requantize", {"xq", "sx", "zx", "sy", "zy"}, {"yq"});
         b.Floats("yq/dq_scale", {}, {0.03f}).QuantizedConstant("yq/dq_zp", DataType::kU8, {}, {128});
         Dequantize(b, "yq", "out").Output("out");
       },
       0.03f},
  };
}

// Each case with oneDNN's kernels only and with mint8's own wherever one
// covers a node (the kernel-timing choice picks between these two).
// An FP32 depthwise convolution after an INT8 convolution that writes f32
// (a depthwise layer kept FP32 in an INT8 model) reads that output in its
// channels-last layout, with no reorder between them, on oneDNN's direct
// depthwise kernel (not its reference or gemm-based ones).
TEST(Int8LayoutTest, Fp32DepthwiseReadsAnInt8ConvolutionsChannelsLastOutput) {
  GraphBuilder b(3);
  const int64_t c = 16;
  b.Input("x", {1, c, 9, 11});
  QuantizeInput(b, "x", "xq", DataType::kU8, Q(0.02f));
  b.QuantizedWeights("w", {c, c, 1, 1}, 63, Scales(c, 0.01f));
  b.Tensor("f", DataType::kF32, std::nullopt);
  b.Node("Conv", {"xq", "w"}, {"f"});
  b.Random("wd", {c, 1, 3, 3}, -0.5f, 0.5f);
  b.Node("Conv", {"f", "wd"}, {"y"}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"group", c}})).Output("y");
  absl::StatusOr<ir::Graph> graph = b.Build();
  ASSERT_TRUE(graph.ok()) << graph.status();
  runtime::SessionOptions options;
  options.num_threads = 1;
  options.optimize = false;
  auto session = runtime::Session::Create(*graph, options);
  ASSERT_TRUE(session.ok()) << session.status();
  const runtime::ExecutionPlan& plan = (*session)->plan();
  const runtime::PlanStep* int8_conv = nullptr;
  const runtime::PlanStep* depthwise = nullptr;
  for (const runtime::PlanStep& step : plan.steps) {
    if (step.kernel->op_type() != "Conv") continue;
    (int8_conv == nullptr ? int8_conv : depthwise) = &step;
  }
  ASSERT_NE(int8_conv, nullptr);
  ASSERT_NE(depthwise, nullptr);
  EXPECT_EQ(depthwise->inputs[0], int8_conv->outputs[0]) << "a reorder between the two convolutions";
  EXPECT_FALSE(kernels::onednn::IsReferenceImplementation(depthwise->kernel->implementation()));
  EXPECT_EQ(depthwise->kernel->implementation().find("gemm:"), std::string::npos)
      << depthwise->kernel->implementation();
}

// DenseNet's BatchNorm after a concatenation: three s8 sources quantized
// alike, joined along channels (into 8-channel blocks and across them), a
// depthwise 1x1 conv with ReLU to u8, batch 2. With `concat_is_output`, the
// joined tensor is read twice and must exist.
absl::StatusOr<ir::Graph> ConcatThenPointwiseDepthwise(bool concat_is_output) {
  GraphBuilder b(3);
  const std::vector<int64_t> channels = {8, 5, 11};
  std::vector<std::string> parts;
  for (size_t i = 0; i < channels.size(); ++i) {
    const std::string x = absl::StrCat("x", i);
    b.Input(x, {2, channels[i], 5, 6});
    QuantizeInput(b, x, x + "q", DataType::kS8, Q(0.03f, 0));
    parts.push_back(x + "q");
  }
  b.Tensor("cat", DataType::kS8, Q(0.03f, 0));
  b.Node("Concat", parts, {"cat"}, Attrs({{"axis", int64_t{1}}}));
  b.QuantizedWeights("w", {24, 1, 1, 1}, 63, Scales(24, 0.01f));
  b.QuantizedConstant("b", DataType::kS32, {24}, Bias(24));
  ir::Attributes a = Attrs({{"group", int64_t{24}}});
  SetPostOps({"relu"}, a);
  ConvToOutput(b, {"cat", "w", "b"}, a, DataType::kU8, Q(0.004f, 0));
  if (concat_is_output) {
    b.Floats("cat/dq_scale", {}, {0.03f}).QuantizedConstant("cat/dq_zp", DataType::kS8, {}, {0});
    Dequantize(b, "cat", "joined").Output("joined");
  }
  return b.Build();
}

// Sessions read the parts where they lie (ConcatDepthwiseConv) when the
// concatenation feeds only the convolution and mint8's kernels may run; the
// outputs match the reference kernels' (Concat, then Conv) either way.
TEST(Int8FusionTest, DepthwiseConvReadsAConcatenationInPlace) {
  struct Variant {
    bool concat_is_output;
    runtime::KernelChoice choice;
    bool fused;
  };
  for (const Variant& v : {Variant{false, runtime::KernelChoice::kFastest, true},
                           Variant{false, runtime::KernelChoice::kMint8, true},
                           Variant{false, runtime::KernelChoice::kOnednn, false},
                           Variant{true, runtime::KernelChoice::kFastest, false}}) {
    SCOPED_TRACE(::testing::Message()
                 << "concat is output " << v.concat_is_output << ", kernels " << static_cast<int>(v.choice));
    absl::StatusOr<ir::Graph> graph = ConcatThenPointwiseDepthwise(v.concat_is_output);
    ASSERT_TRUE(graph.ok()) << graph.status();
    runtime::SessionOptions options;
    options.num_threads = 1;
    options.verify_passes = true;
    options.kernel_choice = v.choice;
    auto session = runtime::Session::Create(*graph, options);
    ASSERT_TRUE(session.ok()) << session.status();
    options.backend = runtime::Backend::kReference;
    auto reference = runtime::Session::Create(*graph, options);
    ASSERT_TRUE(reference.ok()) << reference.status();
    int fused = 0, concats = 0;
    for (const runtime::PlanStep& step : (*session)->plan().steps) {
      EXPECT_NE(step.kernel->implementation(), "mint8:reference") << step.kernel->op_type();
      fused += step.kernel->op_type() == "ConcatDepthwiseConv";
      concats += step.kernel->op_type() == "Concat";
    }
    EXPECT_EQ(fused, v.fused ? 1 : 0);
    EXPECT_EQ(concats > 0, !v.fused);
    for (uint32_t seed : {1u, 2u}) {
      auto inputs = RandomInputs(**session, seed);
      for (auto& in : inputs) {
        for (float& x : in) x *= 3.f;  // over the s8 range, some saturating
      }
      auto got = RunSession(**session, inputs);
      auto want = RunSession(**reference, inputs);
      ASSERT_TRUE(got.ok()) << got.status();
      ASSERT_TRUE(want.ok()) << want.status();
      ASSERT_EQ(got->size(), want->size());
      for (size_t o = 0; o < got->size(); ++o) {
        const float lsb = o == 0 ? 0.004f : 0.03f;
        for (size_t i = 0; i < (*got)[o].size(); ++i) {
          ASSERT_LE(std::fabs((*got)[o][i] - (*want)[o][i]), lsb * 1.0001f) << "output " << o << " at " << i;
        }
      }
    }
  }
}

class Int8EquivalenceTest : public ::testing::TestWithParam<std::tuple<Case, runtime::KernelChoice>> {
 protected:
  const Case& TestCase() const { return std::get<0>(GetParam()); }
  runtime::KernelChoice Choice() const { return std::get<1>(GetParam()); }
};

TEST_P(Int8EquivalenceTest, OnednnMatchesReferenceWithinOneUnit) {
  GraphBuilder builder(3);
  TestCase().build(builder);
  absl::StatusOr<ir::Graph> graph = builder.Build();
  ASSERT_TRUE(graph.ok()) << graph.status();
  runtime::SessionOptions options;
  options.num_threads = 1;
  options.optimize = false;
  options.verify_passes = true;
  options.kernel_choice = Choice();
  auto onednn = runtime::Session::Create(*graph, options);
  ASSERT_TRUE(onednn.ok()) << onednn.status();
  options.backend = runtime::Backend::kReference;
  auto reference = runtime::Session::Create(*graph, options);
  ASSERT_TRUE(reference.ok()) << reference.status();

  int int8_steps = 0, own_steps = 0;
  for (const runtime::PlanStep& step : (*onednn)->plan().steps) {
    const std::string impl = step.kernel->implementation();
    EXPECT_NE(impl, "mint8:reference")
        << step.kernel->op_type() << " fell back to the reference kernel: " << step.note;
    EXPECT_FALSE(kernels::onednn::IsReferenceImplementation(impl)) << step.kernel->op_type() << " " << impl;
    int8_steps += impl != "mint8:reference";
    own_steps += impl.find("mint8_") != std::string::npos;
  }
  EXPECT_GT(int8_steps, 0);
  // mint8's own kernels cover these on every CPU: forced, they run.
  EXPECT_EQ(own_steps, Choice() == runtime::KernelChoice::kMint8 ? TestCase().own_steps : 0);

  for (uint32_t seed : {1u, 2u}) {
    auto inputs = RandomInputs(**onednn, seed);
    for (auto& in : inputs) {
      for (float& v : in) v *= 2.f;  // spread values over the quantized ranges
    }
    auto got = RunSession(**onednn, inputs);
    auto want = RunSession(**reference, inputs);
    ASSERT_TRUE(got.ok()) << got.status();
    ASSERT_TRUE(want.ok()) << want.status();
    double worst = 0;
    for (size_t o = 0; o < got->size(); ++o) {
      for (size_t i = 0; i < (*got)[o].size(); ++i) {
        const double d = std::fabs((*got)[o][i] - (*want)[o][i]);
        worst = std::max(worst, TestCase().output_lsb > 0 ? d / TestCase().output_lsb
                                                          : d / (1e-6 + std::fabs((*want)[o][i])));
      }
    }
    if (TestCase().output_lsb > 0) {
      EXPECT_LE(worst, 1.0 + 1e-4) << "largest difference in units of the last place";
    } else {
      EXPECT_LT(worst, 1e-5) << "largest relative difference";
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Ops, Int8EquivalenceTest,
                         ::testing::Combine(::testing::ValuesIn(Cases()),
                                            ::testing::Values(runtime::KernelChoice::kOnednn,
                                                              runtime::KernelChoice::kMint8)),
                         [](const ::testing::TestParamInfo<std::tuple<Case, runtime::KernelChoice>>& info) {
                           return std::get<0>(info.param).name +
                                  (std::get<1>(info.param) == runtime::KernelChoice::kMint8
                                       ? "_mint8_kernels"
                                       : "_onednn_kernels");
                         });

}  // namespace
}  // namespace mint8::testing
