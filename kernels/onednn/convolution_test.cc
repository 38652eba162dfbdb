// CreateConvolution's FP32 algorithms against the reference convolution: the
// direct one everywhere, the Winograd one where oneDNN has it for this CPU
// (AVX-512; the plan builder races the two on 3x3 stride-1 layers).
#include "kernels/onednn/convolution.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/onednn/engine.h"
#include "kernels/reference/conv.h"

namespace mint8::kernels::onednn {
namespace {

using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

struct Shape {
  int64_t in_channels, out_channels, h, w, pad;
};

ir::ConvGeometry Geometry(const Shape& s) {
  ir::ConvGeometry g;
  g.batch = 1;
  g.in_channels = s.in_channels;
  g.out_channels = s.out_channels;
  ir::Window2d& w = g.window;
  w.kernel_h = w.kernel_w = 3;
  w.pad_top = w.pad_left = w.pad_bottom = w.pad_right = s.pad;
  w.in_h = s.h;
  w.in_w = s.w;
  w.out_h = s.h + 2 * s.pad - 2;
  w.out_w = s.w + 2 * s.pad - 2;
  return g;
}

std::vector<float> Random(size_t n, float scale, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-scale, scale);
  std::vector<float> v(n);
  for (float& x : v) x = u(rng);
  return v;
}

// Runs `p` on NCHW `x` (reordered into and out of the primitive's layouts).
std::vector<float> Run(CompiledPrimitive& p, const ir::ConvGeometry& g, std::vector<float> x) {
  const dnnl::engine& engine = CpuEngine();
  dnnl::stream stream(engine);
  const ir::Window2d& w = g.window;
  dnnl::memory plain_src({{g.batch, g.in_channels, w.in_h, w.in_w}, dt::f32, tag::nchw}, engine, x.data());
  std::vector<float> y(g.batch * g.out_channels * w.out_h * w.out_w);
  dnnl::memory plain_dst({{g.batch, g.out_channels, w.out_h, w.out_w}, dt::f32, tag::nchw}, engine, y.data());
  dnnl::memory src(p.input_descs[0], engine), dst(p.output_desc, engine);
  dnnl::reorder(plain_src, src).execute(stream, plain_src, src);

  KernelContext ctx(stream, 2);
  ctx.set_data(0, src.get_data_handle());
  ctx.set_memory(0, src);
  ctx.set_data(1, dst.get_data_handle());
  ctx.set_memory(1, dst);
  p.kernel->BindValue(p.input_args[0], 0);
  p.kernel->BindValue(p.output_arg, 1);
  dnnl::memory scratchpad(
      {{static_cast<int64_t>(std::max<size_t>(p.kernel->scratchpad_bytes(), 1))}, dt::u8, tag::x}, engine);
  ctx.set_scratchpad(scratchpad);
  ctx.reserve_exec_args(p.kernel->num_exec_args());
  const absl::Status status = p.kernel->Execute(ctx);
  EXPECT_TRUE(status.ok()) << status;
  dnnl::reorder(dst, plain_dst).execute(stream, dst, plain_dst);
  stream.wait();
  return y;
}

// Checks `algorithm` (and oneDNN's implementation of rank `rank`) on `shape`
// (bias, ReLU) against the reference; false when oneDNN has no such
// implementation here.
bool MatchesReference(dnnl::algorithm algorithm, const Shape& shape, int rank = 0) {
  ConvolutionSpec spec;
  spec.geometry = Geometry(shape);
  spec.algorithm = algorithm;
  spec.implementation_rank = rank;
  const ir::ConvGeometry& g = spec.geometry;
  const std::vector<float> weights = Random(g.out_channels * g.in_channels * 9, 0.5f, 1);
  const std::vector<float> bias = Random(g.out_channels, 1.f, 2);
  const std::vector<float> x = Random(g.in_channels * g.window.in_h * g.window.in_w, 2.f, 3);
  spec.weights = weights.data();
  spec.bias = bias.data();
  spec.post_ops = {{ir::PostOpKind::kRelu}};
  absl::StatusOr<CompiledPrimitive> p = CreateConvolution(spec);
  if (!p.ok() || IsReferenceImplementation(p->kernel->implementation())) return false;

  const std::vector<float> got = Run(*p, g, x);
  std::vector<float> want(got.size());
  reference::Conv2dF32(g, x.data(), weights.data(), bias.data(), spec.post_ops, nullptr, want.data());
  double worst = 0;
  for (size_t i = 0; i < got.size(); ++i)
    worst = std::max(worst, std::fabs(got[i] - want[i]) / (1.0 + std::fabs(want[i])));
  EXPECT_LT(worst, 1e-4) << p->kernel->implementation() << " on " << shape.in_channels << "->"
                         << shape.out_channels << " " << shape.h << "x" << shape.w;
  return true;
}

// Channel counts oneDNN's Winograd kernels take (multiples of 16), spatial
// sizes that leave partial 4x4 and 2x2 output tiles, with and without padding.
const Shape kShapes[] = {{64, 64, 28, 28, 1}, {32, 48, 15, 13, 1}, {128, 64, 7, 7, 1}, {16, 32, 10, 9, 0}};

TEST(ConvolutionTest, DirectMatchesReference) {
  for (const Shape& s : kShapes) EXPECT_TRUE(MatchesReference(dnnl::algorithm::convolution_direct, s));
}

TEST(ConvolutionTest, WinogradMatchesReference) {
  int covered = 0;
  for (const Shape& s : kShapes) covered += MatchesReference(dnnl::algorithm::convolution_winograd, s);
  if (covered == 0)
    GTEST_SKIP() << "oneDNN has no Winograd convolution for this CPU (" << OnednnIsaName() << ")";
  std::printf("Winograd ran on %d of %zu shapes\n", covered, std::size(kShapes));
}

// The implementations after oneDNN's first choice: each another kernel on the
// first choice's layouts, each computing the same convolution.
TEST(ConvolutionTest, LaterImplementationsKeepLayoutsAndMatchReference) {
  int covered = 0;
  for (const Shape& s : kShapes) {
    ConvolutionSpec spec;
    spec.geometry = Geometry(s);
    const std::vector<float> weights(s.out_channels * s.in_channels * 9, 0.25f);
    spec.weights = weights.data();
    absl::StatusOr<CompiledPrimitive> first = CreateConvolution(spec);
    ASSERT_TRUE(first.ok()) << first.status();
    std::vector<std::string> names = {first->kernel->implementation()};
    for (int rank = 1; rank <= 3; ++rank) {
      spec.implementation_rank = rank;
      absl::StatusOr<CompiledPrimitive> next = CreateConvolution(spec);
      if (!next.ok()) {
        EXPECT_EQ(next.status().code(), absl::StatusCode::kNotFound) << next.status();
        break;
      }
      EXPECT_EQ(next->input_descs[0], first->input_descs[0]);
      EXPECT_EQ(next->output_desc, first->output_desc);
      EXPECT_EQ(std::count(names.begin(), names.end(), next->kernel->implementation()), 0)
          << next->kernel->implementation() << " twice";
      names.push_back(next->kernel->implementation());
      if (!IsReferenceImplementation(names.back())) covered += MatchesReference(spec.algorithm, s, rank);
    }
  }
  if (covered == 0)
    GTEST_SKIP() << "oneDNN has one JIT convolution for these shapes here (" << OnednnIsaName() << ")";
  std::printf("%d later implementations matched the reference\n", covered);
}

// The same for INT8 1x1 convolutions on channels-last u8 (MobileNet's
// expansions, where the plan builder races oneDNN's first two kernels):
// every implementation gives the first one's bytes, within one unit.
TEST(ConvolutionTest, LaterInt8ImplementationsAgreeWithTheFirst) {
  int covered = 0;
  for (const auto& [in, out, hw] : {std::tuple{16, 96, 14}, std::tuple{24, 144, 9}, std::tuple{96, 24, 7}}) {
    ConvolutionSpec spec;
    spec.geometry = Geometry({in, out, hw, hw, 0});
    ir::Window2d& w = spec.geometry.window;
    w.kernel_h = w.kernel_w = 1;
    w.out_h = w.out_w = hw;
    spec.src_type = spec.dst_type = dt::u8;
    spec.weights_type = dt::s8;
    std::vector<int8_t> weights(out * in);
    for (size_t i = 0; i < weights.size(); ++i)
      weights[i] = static_cast<int8_t>(static_cast<int>(i * 37 % 255) - 127);
    spec.weights = weights.data();
    spec.epilogue.output_scales.assign(out, 0.004f);
    spec.post_ops = {{ir::PostOpKind::kRelu}};
    spec.src_hint = dnnl::memory::desc({1, in, hw, hw}, dt::u8, tag::nhwc);
    const std::vector<float> x = Random(in * hw * hw, 120.f, 4);
    std::vector<float> positive(x.size());
    for (size_t i = 0; i < x.size(); ++i) positive[i] = std::fabs(x[i]);
    absl::StatusOr<CompiledPrimitive> first = CreateConvolution(spec);
    ASSERT_TRUE(first.ok()) << first.status();
    const std::vector<float> want = onednn::Run(*first, spec.geometry, positive);
    for (int rank = 1; rank <= 3; ++rank) {
      spec.implementation_rank = rank;
      absl::StatusOr<CompiledPrimitive> next = CreateConvolution(spec);
      if (!next.ok()) break;
      if (IsReferenceImplementation(next->kernel->implementation())) continue;
      const std::vector<float> got = onednn::Run(*next, spec.geometry, positive);
      double worst = 0;
      for (size_t i = 0; i < got.size(); ++i) worst = std::max(worst, std::fabs(got[i] - double{want[i]}));
      EXPECT_LE(worst, 1.0) << next->kernel->implementation() << " against "
                            << first->kernel->implementation();
      ++covered;
    }
  }
  if (covered == 0) GTEST_SKIP() << "oneDNN has one INT8 JIT convolution for these shapes here";
  std::printf("%d later INT8 implementations agreed with the first\n", covered);
}

TEST(ConvolutionTest, SignatureTellsLayoutsApart) {
  ConvolutionSpec a;
  a.geometry = Geometry(kShapes[0]);
  ConvolutionSpec b = a;
  b.src_hint = dnnl::memory::desc({1, 64, 28, 28}, dt::f32, tag::nChw16c);
  EXPECT_NE(ConvolutionSignature(a), ConvolutionSignature(b));
  b.src_hint = a.src_hint;
  b.post_ops = {{ir::PostOpKind::kRelu}};
  EXPECT_NE(ConvolutionSignature(a), ConvolutionSignature(b));
}

}  // namespace
}  // namespace mint8::kernels::onednn
