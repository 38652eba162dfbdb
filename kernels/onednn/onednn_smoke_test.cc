// Smoke test of the oneDNN installation through //third_party:onednn: an INT8
// and an FP32 convolution with fused post-ops, each checked against a naive
// loop, and a check that oneDNN picks a JIT (not reference) implementation.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "gtest/gtest.h"
#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "kernels/x86/cpu_features.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace mint8::kernels::onednn {
namespace {

using dt = dnnl::memory::data_type;
using tag = dnnl::memory::format_tag;

// NCHW geometry of the test convolution: 3x3, stride 1, padding 1.
constexpr int kN = 2, kIC = 32, kOC = 48, kH = 15, kW = 13, kK = 3, kPad = 1;

// Prints the ISA for CI's log; under ONEDNN_MAX_CPU_ISA=AVX2 (CI's second
// pass on VNNI machines) oneDNN must take the AVX2 path, without VNNI.
TEST(OnednnSmokeTest, ReportsTheIsaItRuns) {
  const std::string isa = OnednnIsaName();
  std::printf("oneDNN ISA: %s (INT8 with VNNI: %s)\n", isa.c_str(), OnednnHasInt8Vnni() ? "yes" : "no");
  EXPECT_NE(isa, "other");
  const char* cap = std::getenv("ONEDNN_MAX_CPU_ISA");
  if (cap != nullptr && std::string(cap) == "AVX2") {
    EXPECT_EQ(isa, "avx2");
    EXPECT_FALSE(OnednnHasInt8Vnni());
  }
}

// Only "no implementation" may send a layer to another kernel; oneDNN's real
// failures stay errors.
TEST(OnednnSmokeTest, OnlyUnimplementedIsAFallback) {
  EXPECT_TRUE(absl::IsUnimplemented(OnednnError("x", dnnl::error(dnnl_unimplemented, "none"))));
  EXPECT_TRUE(absl::IsResourceExhausted(OnednnError("x", dnnl::error(dnnl_out_of_memory, "oom"))));
  EXPECT_TRUE(absl::IsInternal(OnednnError("x", dnnl::error(dnnl_invalid_arguments, "bad"))));
}

template <typename Src, typename Wei, typename Acc>
std::vector<Acc> NaiveConv(const std::vector<Src>& src, const std::vector<Wei>& wei,
                           const std::vector<Acc>& bias) {
  std::vector<Acc> out(kN * kOC * kH * kW);
  for (int n = 0; n < kN; ++n)
    for (int oc = 0; oc < kOC; ++oc)
      for (int oh = 0; oh < kH; ++oh)
        for (int ow = 0; ow < kW; ++ow) {
          Acc acc = bias[oc];
          for (int ic = 0; ic < kIC; ++ic)
            for (int kh = 0; kh < kK; ++kh)
              for (int kw = 0; kw < kK; ++kw) {
                const int ih = oh + kh - kPad, iw = ow + kw - kPad;
                if (ih < 0 || ih >= kH || iw < 0 || iw >= kW) continue;
                acc += static_cast<Acc>(src[((n * kIC + ic) * kH + ih) * kW + iw]) *
                       static_cast<Acc>(wei[((oc * kIC + ic) * kK + kh) * kK + kw]);
              }
          out[((n * kOC + oc) * kH + oh) * kW + ow] = acc;
        }
  return out;
}

struct ConvResult {
  std::vector<uint8_t> int8_dst;
  std::vector<float> f32_dst;
  std::string implementation;
};

// Runs one convolution with weights in the layout the primitive chooses, src
// and dst in plain NCHW (reordered by oneDNN at the edges).
template <typename T>
std::pair<std::vector<T>, std::string> RunConv(dt src_dt, dt dst_dt, const void* src,
                                               const void* wei, dt wei_dt, const void* bias,
                                               dt bias_dt, const dnnl::primitive_attr& attr) {
  const dnnl::engine& engine = CpuEngine();
  dnnl::stream stream(engine);
  const dnnl::memory::dims src_dims = {kN, kIC, kH, kW}, wei_dims = {kOC, kIC, kK, kK},
                           bias_dims = {kOC}, dst_dims = {kN, kOC, kH, kW};
  dnnl::convolution_forward::desc desc(
      dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
      {src_dims, src_dt, tag::any}, {wei_dims, wei_dt, tag::any}, {bias_dims, bias_dt, tag::x},
      {dst_dims, dst_dt, tag::any}, {1, 1}, {kPad, kPad}, {kPad, kPad});
  dnnl::convolution_forward::primitive_desc pd(desc, attr, engine);

  auto to_primitive_layout = [&](const dnnl::memory::desc& want, dnnl::memory plain) {
    if (want == plain.get_desc()) return plain;
    dnnl::memory m(want, engine);
    dnnl::reorder(plain, m).execute(stream, plain, m);
    return m;
  };
  dnnl::memory src_m = to_primitive_layout(
      pd.src_desc(), dnnl::memory({src_dims, src_dt, tag::nchw}, engine, const_cast<void*>(src)));
  dnnl::memory wei_m = to_primitive_layout(
      pd.weights_desc(),
      dnnl::memory({wei_dims, wei_dt, tag::oihw}, engine, const_cast<void*>(wei)));
  dnnl::memory bias_m({bias_dims, bias_dt, tag::x}, engine, const_cast<void*>(bias));
  dnnl::memory dst_m(pd.dst_desc(), engine);
  dnnl::convolution_forward(pd).execute(stream, {{DNNL_ARG_SRC, src_m},
                                                 {DNNL_ARG_WEIGHTS, wei_m},
                                                 {DNNL_ARG_BIAS, bias_m},
                                                 {DNNL_ARG_DST, dst_m}});
  std::vector<T> out(kN * kOC * kH * kW);
  dnnl::memory out_m({dst_dims, dst_dt, tag::nchw}, engine, out.data());
  dnnl::reorder(dst_m, out_m).execute(stream, dst_m, out_m);
  stream.wait();
  return {out, ImplementationName(pd)};
}

// The INT8 implementation must be a JIT one whenever the CPU has any SIMD
// int8 path oneDNN uses (AVX2 and up).
void ExpectNotReference(const std::string& implementation) {
  if (!GetCpuFeatures().avx2) {
    GTEST_SKIP() << "CPU without AVX2: oneDNN may legitimately use a reference kernel ("
                 << implementation << ")";
  }
  EXPECT_FALSE(IsReferenceImplementation(implementation)) << implementation;
}

TEST(OnednnSmokeTest, Int8ConvolutionWithScalesBiasAndReluMatchesNaiveLoop) {
  std::mt19937 rng(7);
  // Without VNNI oneDNN's s16 intermediate is exact only for |w| <= 63; mint8
  // quantizes weights to that range there (see OnednnHasInt8Vnni).
  const int weight_max = OnednnHasInt8Vnni() ? 127 : 63;
  std::uniform_int_distribution<int> u8(0, 255), s8(-weight_max, weight_max),
      s32(-5000, 5000);
  std::vector<uint8_t> src(kN * kIC * kH * kW);
  std::vector<int8_t> wei(kOC * kIC * kK * kK);
  std::vector<int32_t> bias(kOC);
  std::vector<float> scales(kOC);
  for (auto& v : src) v = static_cast<uint8_t>(u8(rng));
  for (auto& v : wei) v = static_cast<int8_t>(s8(rng));
  for (auto& v : bias) v = s32(rng);
  // Small scales keep most outputs inside u8 range; some saturate on purpose.
  std::uniform_real_distribution<float> scale(3e-3f / weight_max, 2e-1f / weight_max);
  for (auto& v : scales) v = scale(rng);

  dnnl::primitive_attr attr;
  attr.set_output_scales(/*mask=*/1 << 1, scales);
  dnnl::post_ops ops;
  ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
  attr.set_post_ops(ops);

  auto [got, implementation] =
      RunConv<uint8_t>(dt::u8, dt::u8, src.data(), wei.data(), dt::s8, bias.data(), dt::s32, attr);
  std::vector<int32_t> acc = NaiveConv(src, wei, bias);

  int mismatches = 0, saturated = 0, zero = 0;
  for (size_t i = 0; i < acc.size(); ++i) {
    const int oc = static_cast<int>((i / (kH * kW)) % kOC);
    const float y = std::max(0.f, static_cast<float>(acc[i]) * scales[oc]);
    const int want = static_cast<int>(std::min(255.f, std::nearbyint(y)));
    saturated += want == 255;
    zero += want == 0;
    if (std::abs(want - static_cast<int>(got[i])) > 0) ++mismatches;
  }
  EXPECT_EQ(mismatches, 0) << "of " << acc.size() << " outputs; implementation "
                           << implementation;
  // The data must exercise all three regions of the u8 output.
  EXPECT_GT(saturated, 0);
  EXPECT_GT(zero, 0);
  EXPECT_GT(static_cast<int>(acc.size()) - saturated - zero, static_cast<int>(acc.size()) / 4);
  ExpectNotReference(implementation);
}

TEST(OnednnSmokeTest, Fp32ConvolutionWithBiasAndReluMatchesNaiveLoop) {
  std::mt19937 rng(11);
  std::normal_distribution<float> normal(0.f, 1.f);
  std::vector<float> src(kN * kIC * kH * kW), wei(kOC * kIC * kK * kK), bias(kOC);
  for (auto& v : src) v = normal(rng);
  for (auto& v : wei) v = normal(rng) * 0.1f;
  for (auto& v : bias) v = normal(rng);

  dnnl::primitive_attr attr;
  dnnl::post_ops ops;
  ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
  attr.set_post_ops(ops);
  auto [got, implementation] =
      RunConv<float>(dt::f32, dt::f32, src.data(), wei.data(), dt::f32, bias.data(), dt::f32, attr);

  std::vector<double> src_d(src.begin(), src.end()), wei_d(wei.begin(), wei.end()),
      bias_d(bias.begin(), bias.end());
  std::vector<double> want = NaiveConv(src_d, wei_d, bias_d);
  double max_error = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    max_error = std::max(max_error, std::abs(std::max(0.0, want[i]) - got[i]));
  }
  // 288 products of unit-scale values: float accumulation error stays well below 1e-4.
  EXPECT_LT(max_error, 1e-4) << implementation;
  ExpectNotReference(implementation);
}

}  // namespace
}  // namespace mint8::kernels::onednn
