// Every op on the oneDNN backend against the reference backend, on shapes
// chosen to hit odd sizes, groups, strides, padding and broadcasting; and no
// oneDNN step may use one of oneDNN's reference implementations.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/onednn/engine.h"
#include "kernels/x86/cpu_features.h"
#include "runtime/session.h"
#include "tests/graph_builder.h"

namespace mint8::testing {
namespace {

using Ints = std::vector<int64_t>;

struct Case {
  std::string name;
  std::function<void(GraphBuilder&)> build;
  // Op type a oneDNN step must run, no step then falling back to mint8's
  // reference kernels (empty: reference fallback is fine).
  std::string onednn_op;
  bool optimize = false;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

GraphBuilder& Conv(GraphBuilder& b, Ints x, Ints w, ir::Attributes attrs, bool bias = true) {
  b.Input("x", ir::Dims(x.begin(), x.end())).Random("w", ir::Dims(w.begin(), w.end()));
  std::vector<std::string> in = {"x", "w"};
  if (bias) {
    b.Random("b", {w[0]});
    in.push_back("b");
  }
  return b.Node("Conv", in, {"y"}, std::move(attrs));
}

std::vector<Case> Cases() {
  std::vector<Case> cases = {
      {"conv_3x3_stride2_pad1",
       [](GraphBuilder& b) {
         Conv(b, {1, 3, 17, 19}, {8, 3, 3, 3}, Attrs({{"pads", Ints{1, 1, 1, 1}}, {"strides", Ints{2, 2}}}))
             .Output("y");
       },
       "Conv"},
      {"conv_1x1_batch2",
       [](GraphBuilder& b) {
         Conv(b, {2, 16, 9, 9}, {24, 16, 1, 1}, {}).Output("y");
       },
       "Conv"},
      {"conv_odd_channels_no_bias",
       [](GraphBuilder& b) {
         Conv(b, {1, 5, 11, 7}, {7, 5, 3, 3}, {}, false).Output("y");
       },
       "Conv"},
      {"conv_grouped",
       [](GraphBuilder& b) {
         Conv(b, {1, 8, 10, 10}, {12, 4, 3, 3}, Attrs({{"group", int64_t{2}}, {"pads", Ints{1, 1, 1, 1}}}))
             .Output("y");
       },
       "Conv"},
      {"conv_depthwise",
       [](GraphBuilder& b) {
         Conv(b, {1, 16, 13, 11}, {16, 1, 3, 3}, Attrs({{"group", int64_t{16}}, {"pads", Ints{1, 1, 1, 1}}}))
             .Output("y");
       },
       "Conv"},
      {"conv_depthwise_stride2",
       [](GraphBuilder& b) {
         Conv(b, {1, 32, 14, 14}, {32, 1, 3, 3},
              Attrs({{"group", int64_t{32}}, {"pads", Ints{0, 0, 1, 1}}, {"strides", Ints{2, 2}}}))
             .Output("y");
       },
       "Conv"},
      {"conv_dilated_asymmetric_pads",
       [](GraphBuilder& b) {
         Conv(b, {1, 8, 15, 12}, {8, 8, 3, 3}, Attrs({{"dilations", Ints{2, 2}}, {"pads", Ints{2, 1, 0, 3}}}))
             .Output("y");
       },
       "Conv"},
      {"conv_same_upper",
       [](GraphBuilder& b) {
         Conv(b, {1, 4, 9, 8}, {6, 4, 4, 4},
              Attrs({{"auto_pad", std::string("SAME_UPPER")}, {"strides", Ints{2, 2}}}))
             .Output("y");
       },
       "Conv"},
      {"gemm_trans_b_bias",
       [](GraphBuilder& b) {
         b.Input("x", {3, 20}).Random("w", {7, 20}).Random("c", {7});
         b.Node("Gemm", {"x", "w", "c"}, {"y"}, Attrs({{"transB", int64_t{1}}})).Output("y");
       },
       "Gemm"},
      {"gemm_plain_b",
       [](GraphBuilder& b) {
         b.Input("x", {2, 9}).Random("w", {9, 5});
         b.Node("Gemm", {"x", "w"}, {"y"}).Output("y");
       },
       "Gemm"},
      {"gemm_alpha_beta_falls_back",
       [](GraphBuilder& b) {
         b.Input("x", {2, 9}).Random("w", {9, 5}).Random("c", {2, 5});
         b.Node("Gemm", {"x", "w", "c"}, {"y"}, Attrs({{"alpha", 0.5f}, {"beta", 2.f}})).Output("y");
       },
       ""},
      {"matmul_batched",
       [](GraphBuilder& b) {
         b.Input("a", {2, 3, 4, 5}).Input("b", {2, 1, 5, 6});
         b.Node("MatMul", {"a", "b"}, {"y"}).Output("y");
       },
       "MatMul"},
      {"maxpool_3x3_s2_p1",
       [](GraphBuilder& b) {
         b.Input("x", {1, 8, 15, 15});
         b.Node("MaxPool", {"x"}, {"y"},
                Attrs({{"kernel_shape", Ints{3, 3}}, {"strides", Ints{2, 2}}, {"pads", Ints{1, 1, 1, 1}}}))
             .Output("y");
       },
       "Pool"},
      {"maxpool_ceil_mode",
       [](GraphBuilder& b) {
         b.Input("x", {1, 4, 14, 13});
         b.Node("MaxPool", {"x"}, {"y"},
                Attrs({{"kernel_shape", Ints{3, 3}}, {"strides", Ints{2, 2}}, {"ceil_mode", int64_t{1}}}))
             .Output("y");
       },
       "Pool"},
      // oneDNN 2.6 has only its reference code for dilated pooling, so mint8
      // runs its own reference kernel (no oneDNN step expected).
      {"maxpool_dilated_falls_back",
       [](GraphBuilder& b) {
         b.Input("x", {1, 3, 12, 12});
         b.Node("MaxPool", {"x"}, {"y"}, Attrs({{"kernel_shape", Ints{2, 2}}, {"dilations", Ints{2, 2}}}))
             .Output("y");
       },
       ""},
      {"avgpool_exclude_pad",
       [](GraphBuilder& b) {
         b.Input("x", {2, 5, 9, 9});
         b.Node("AveragePool", {"x"}, {"y"},
                Attrs({{"kernel_shape", Ints{3, 3}}, {"pads", Ints{1, 1, 1, 1}}}))
             .Output("y");
       },
       "Pool"},
      {"avgpool_include_pad",
       [](GraphBuilder& b) {
         b.Input("x", {1, 5, 9, 9});
         b.Node("AveragePool", {"x"}, {"y"},
                Attrs({{"kernel_shape", Ints{3, 3}},
                       {"pads", Ints{1, 1, 1, 1}},
                       {"count_include_pad", int64_t{1}}}))
             .Output("y");
       },
       "Pool"},
      {"avgpool_include_pad_ceil_falls_back",
       [](GraphBuilder& b) {
         b.Input("x", {1, 2, 6, 6});
         b.Node("AveragePool", {"x"}, {"y"},
                Attrs({{"kernel_shape", Ints{3, 3}},
                       {"strides", Ints{2, 2}},
                       {"pads", Ints{1, 1, 1, 1}},
                       {"count_include_pad", int64_t{1}},
                       {"ceil_mode", int64_t{1}}}))
             .Output("y");
       },
       ""},
      {"global_average_and_max",
       [](GraphBuilder& b) {
         b.Input("x", {2, 6, 7, 5});
         b.Node("GlobalAveragePool", {"x"}, {"a"}).Node("GlobalMaxPool", {"x"}, {"m"});
         b.Output("a").Output("m");
       },
       "Pool"},
      {"binary_broadcast_per_channel",
       [](GraphBuilder& b) {
         b.Input("x", {1, 8, 5, 5}).Input("s", {1, 8, 1, 1});
         b.Node("Mul", {"x", "s"}, {"y"}).Output("y");
       },
       "Binary"},
      {"binary_same_shape_and_constants",
       [](GraphBuilder& b) {
         b.Input("x", {2, 3, 4, 5}).Input("z", {2, 3, 4, 5}).Random("k", {5}, 0.5f, 2.f);
         b.Node("Sub", {"x", "z"}, {"d"})
             .Node("Div", {"d", "k"}, {"q"})
             .Node("Add", {"k", "q"}, {"y"})
             .Output("y");
       },
       "Binary"},
      {"concat_unaligned_channels",
       [](GraphBuilder& b) {
         b.Input("a", {1, 8, 6, 6}).Input("c", {1, 5, 6, 6}).Input("d", {1, 16, 6, 6});
         b.Node("Concat", {"a", "c", "d"}, {"y"}, Attrs({{"axis", int64_t{1}}})).Output("y");
       },
       "Concat"},
      {"concat_of_25_inputs",  // DenseNet-121's widest: more arguments than a fixed array held
       [](GraphBuilder& b) {
         std::vector<std::string> inputs;
         for (int i = 0; i < 25; ++i) {
           inputs.push_back("x" + std::to_string(i));
           b.Input(inputs.back(), {1, 4, 3, 3});
         }
         b.Node("Concat", inputs, {"y"}, Attrs({{"axis", int64_t{1}}})).Output("y");
       },
       "Concat"},
      {"softmax_and_lrn",
       [](GraphBuilder& b) {
         b.Input("x", {2, 10}).Input("f", {1, 7, 5, 5});
         b.Node("Softmax", {"x"}, {"s"}, Attrs({{"axis", int64_t{1}}}));
         b.Node("LRN", {"f"}, {"l"},
                Attrs({{"size", int64_t{3}}, {"alpha", 1e-2f}, {"beta", 0.75f}, {"bias", 2.f}}));
         b.Output("s").Output("l");
       },
       "Softmax"},
      {"activations",
       [](GraphBuilder& b) {
         b.Input("x", {1, 6, 4, 3});
         b.Node("Relu", {"x"}, {"r"}).Node("LeakyRelu", {"x"}, {"lr"}, Attrs({{"alpha", 0.1f}}));
         b.Node("Clip", {"x"}, {"c"}, Attrs({{"min", -0.5f}, {"max", 0.25f}})).Node("Sigmoid", {"x"}, {"s"});
         b.Node("Tanh", {"x"}, {"t"}).Node("HardSwish", {"x"}, {"h"}).Node("HardSigmoid", {"x"}, {"hs"});
         for (const char* o : {"r", "lr", "c", "s", "t", "h", "hs"}) b.Output(o);
       },
       "Eltwise"},
      // A convolution's 60 channels in 8-channel blocks, the last one padded:
      // oneDNN 2.6's jit eltwise does not take that layout (PaddleOCR's
      // PP-OCRv4 recognizer: Swish on [1,60,1,40]).
      {"activations_on_padded_blocks",
       [](GraphBuilder& b) {
         Conv(b, {1, 16, 1, 40}, {60, 16, 1, 1}, {}).Node("Sigmoid", {"y"}, {"s"});
         b.Node("Tanh", {"y"}, {"t"}).Node("HardSigmoid", {"y"}, {"hs"});
         for (const char* o : {"s", "t", "hs"}) b.Output(o);
       },
       "Eltwise"},
      {"reference_only_tensor_ops",
       [](GraphBuilder& b) {
         b.Input("x", {1, 3, 4, 5});
         b.Ints("pads", {0, 0, 1, 2, 0, 0, 2, 1});
         b.Node("Pad", {"x", "pads"}, {"p"}, Attrs({{"mode", std::string("reflect")}}));
         b.Node("Transpose", {"p"}, {"t"}, Attrs({{"perm", Ints{0, 2, 3, 1}}}));
         b.Node("ReduceMean", {"t"}, {"m"}, Attrs({{"axes", Ints{1, 2}}, {"keepdims", int64_t{0}}}));
         b.Ints("sizes", {1, 3, 9, 7});
         b.Node("Resize", {"x", "", "", "sizes"}, {"r"}, Attrs({{"mode", std::string("linear")}}));
         b.Output("m").Output("r");
       },
       ""},
      {"fused_conv_bn_relu6_residual",
       [](GraphBuilder& b) {
         b.Input("x", {1, 16, 8, 8})
             .Random("w1", {16, 16, 3, 3}, -0.2f, 0.2f)
             .Random("w2", {16, 16, 1, 1}, -0.3f, 0.3f);
         b.Random("g", {16}, 0.5f, 1.5f)
             .Random("beta", {16})
             .Random("mean", {16})
             .Random("var", {16}, 0.5f, 2.f);
         b.Node("Conv", {"x", "w1"}, {"c1"}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
         b.Node("BatchNormalization", {"c1", "g", "beta", "mean", "var"}, {"bn"});
         b.Node("Clip", {"bn"}, {"r6"}, Attrs({{"min", 0.f}, {"max", 6.f}}));
         b.Node("Conv", {"r6", "w2"}, {"c2"});
         b.Node("Add", {"c2", "x"}, {"sum"}).Node("Relu", {"sum"}, {"y"}).Output("y");
       },
       "Conv", /*optimize=*/true},
      {"fused_hardswish_pattern_and_se_block",
       [](GraphBuilder& b) {
         b.Input("x", {1, 8, 6, 6})
             .Random("w", {8, 8, 1, 1})
             .Floats("three", {}, {3.f})
             .Floats("six", {}, {6.f});
         b.Random("w_se", {8, 8, 1, 1}).Random("b_se", {8});
         b.Node("Conv", {"x", "w"}, {"c"});
         b.Node("Add", {"c", "three"}, {"a"})
             .Node("Clip", {"a"}, {"cl"}, Attrs({{"min", 0.f}, {"max", 6.f}}));
         b.Node("Mul", {"c", "cl"}, {"m"}).Node("Div", {"m", "six"}, {"hs"});
         b.Node("GlobalAveragePool", {"hs"}, {"gap"}).Node("Conv", {"gap", "w_se", "b_se"}, {"se"});
         b.Node("HardSigmoid", {"se"}, {"gate"}, Attrs({{"alpha", 0.2f}, {"beta", 0.5f}}));
         b.Node("Mul", {"hs", "gate"}, {"y"}).Output("y");
       },
       "Conv", /*optimize=*/true},
      // PaddleOCR's RSE layer: c + c * gate, optimized to c * (gate + 1).
      {"self_gated_residual",
       [](GraphBuilder& b) {
         b.Input("x", {1, 8, 6, 6}).Random("w", {8, 8, 1, 1});
         b.Random("w_se", {8, 8, 1, 1}).Random("b_se", {8});
         b.Node("Conv", {"x", "w"}, {"c"});
         b.Node("GlobalAveragePool", {"c"}, {"gap"}).Node("Conv", {"gap", "w_se", "b_se"}, {"se"});
         b.Node("HardSigmoid", {"se"}, {"gate"}, Attrs({{"alpha", 0.2f}, {"beta", 0.5f}}));
         b.Node("Mul", {"c", "gate"}, {"m"}).Node("Add", {"c", "m"}, {"y"}).Output("y");
       },
       "Binary", /*optimize=*/true},
      // A QDQ model run as is: Conv -> ReLU6 -> QuantizeLinear ->
      // DequantizeLinear fuses into one convolution whose post-ops hold two
      // clamps (ReLU6, then the u8 saturation); oneDNN 2.6 ran the second
      // with the first one's bounds.
      {"conv_relu6_fake_quant",
       [](GraphBuilder& b) {
         Conv(b, {1, 3, 9, 9}, {8, 3, 3, 3}, Attrs({{"pads", Ints{1, 1, 1, 1}}}));
         b.Node("Clip", {"y"}, {"r"}, Attrs({{"min", 0.f}, {"max", 6.f}}));
         b.Floats("s", {}, {0.0235294f}).QuantizedConstant("z", ir::DataType::kU8, {}, {0});
         b.Tensor("q", ir::DataType::kU8);
         b.Node("QuantizeLinear", {"r", "s", "z"}, {"q"}).Node("DequantizeLinear", {"q", "s", "z"}, {"out"});
         b.Output("out");
       },
       "Conv", /*optimize=*/true},
      // DenseNet's transition: the 2x2 average pool moves before the 1x1
      // convolution (PoolBeforePointwiseConvPass), odd map sizes dropping
      // the last row and column as the pool does.
      {"pointwise_conv_then_average_pool",
       [](GraphBuilder& b) {
         Conv(b, {1, 12, 9, 7}, {5, 12, 1, 1}, {});
         b.Node("AveragePool", {"y"}, {"out"},
                Attrs({{"kernel_shape", Ints{2, 2}}, {"strides", Ints{2, 2}}}));
         b.Output("out");
       },
       "Conv", /*optimize=*/true},
      {"fused_matmul_add_to_gemm",
       [](GraphBuilder& b) {
         b.Input("x", {4, 12}).Random("w", {12, 6}).Random("bias", {6});
         b.Node("MatMul", {"x", "w"}, {"mm"}).Node("Add", {"mm", "bias"}, {"y"}).Output("y");
       },
       "Gemm", /*optimize=*/true},
  };
  return cases;
}

class BackendEquivalenceTest : public ::testing::TestWithParam<Case> {};

TEST_P(BackendEquivalenceTest, OnednnMatchesReference) {
  const Case& c = GetParam();
  GraphBuilder builder;
  c.build(builder);
  absl::StatusOr<ir::Graph> graph = builder.Build();
  ASSERT_TRUE(graph.ok()) << graph.status();

  runtime::SessionOptions options;
  options.num_threads = 1;
  options.optimize = c.optimize;
  options.verify_passes = true;
  options.backend = runtime::Backend::kOnednn;
  auto onednn = runtime::Session::Create(*graph, options);
  ASSERT_TRUE(onednn.ok()) << onednn.status();
  options.backend = runtime::Backend::kReference;
  options.optimize = false;  // the oracle runs the graph exactly as written
  auto reference = runtime::Session::Create(*graph, options);
  ASSERT_TRUE(reference.ok()) << reference.status();

  const auto inputs = RandomInputs(**onednn, 7);
  auto got = RunSession(**onednn, inputs);
  auto want = RunSession(**reference, inputs);
  ASSERT_TRUE(got.ok()) << got.status();
  ASSERT_TRUE(want.ok()) << want.status();
  EXPECT_LT(MaxRelativeError(*got, *want), 1e-4);

  bool found = c.onednn_op.empty();
  for (const runtime::PlanStep& step : (*onednn)->plan().steps) {
    const std::string impl = step.kernel->implementation();
    EXPECT_FALSE(!c.onednn_op.empty() && impl == "mint8:reference")
        << step.node << " on the reference kernel";
    if (impl == "mint8:reference") continue;
    if (GetCpuFeatures().avx2) {
      EXPECT_FALSE(kernels::onednn::IsReferenceImplementation(impl))
          << step.kernel->op_type() << " uses " << impl;
    }
    found = found || step.kernel->op_type() == c.onednn_op;
  }
  EXPECT_TRUE(found) << "no oneDNN " << c.onednn_op << " step in the plan";
}

INSTANTIATE_TEST_SUITE_P(Ops, BackendEquivalenceTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace
}  // namespace mint8::testing
