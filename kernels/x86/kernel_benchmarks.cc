// Microbenchmarks of mint8's x86 kernels against the oneDNN primitive that
// does the same job, on the shapes of real networks (one thread, batch 1):
//
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=Depthwise
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=ConcatDepthwise
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=Quantize
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=ScaledQuantize
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=ChannelShuffle
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=Silu
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=GatedRequantize
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=GlobalAveragePool
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=NearestUpsample
//   bazel run //kernels/x86:kernel_benchmarks -- --benchmark_filter=PatchDeconvolution
//
// Each row's "items/s" counts output elements; compare a mint8 row with the
// onednn row of the same shape. Run with ONEDNN_MAX_CPU_ISA=AVX2 to compare
// on the AVX2 path (mint8's kernels follow the same cap, as in a session).
#include <omp.h>

#include <algorithm>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "kernels/onednn/engine.h"
#include "kernels/x86/activation.h"
#include "kernels/x86/channel_shuffle.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/depthwise_conv.h"
#include "kernels/x86/global_average_pool.h"
#include "kernels/x86/int8_matvec.h"
#include "kernels/x86/nearest_upsample.h"
#include "kernels/x86/patch_deconvolution.h"
#include "kernels/x86/quantize_to_nhwc.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace mint8::x86 {
namespace {

// Depthwise layers of MobileNet-V2 / V3 and EfficientNet at 224x224, of
// PaddleOCR's direction classifier at 48x192 (5x5 kernels on 2-3 rows), and
// DenseNet-121's BatchNorms after each concatenation (1x1, as sessions run
// a BatchNorm no convolution absorbs).
struct DepthwiseShape {
  int64_t channels, height, width;
  int kernel, stride;
};
constexpr DepthwiseShape kDepthwiseShapes[] = {
    {32, 112, 112, 3, 1}, {96, 112, 112, 3, 2}, {144, 56, 56, 3, 1}, {144, 56, 56, 3, 2}, {192, 28, 28, 3, 1},
    {384, 14, 14, 3, 1},  {576, 14, 14, 3, 1},  {960, 7, 7, 3, 1},   {72, 56, 56, 5, 2},  {240, 28, 28, 5, 1},
    {200, 2, 96, 5, 1},   {88, 3, 96, 5, 1},    {224, 56, 56, 1, 1}, {480, 28, 28, 1, 1}, {992, 14, 14, 1, 1},
};

DepthwiseConvParams ParamsFor(const DepthwiseShape& s, bool src_signed) {
  DepthwiseConvParams p;
  p.channels = s.channels;
  p.in_h = s.height;
  p.in_w = s.width;
  p.kernel_h = p.kernel_w = s.kernel;
  p.stride_h = p.stride_w = s.stride;
  p.pad_top = p.pad_left = s.kernel / 2;
  p.out_h = (s.height + 2 * (s.kernel / 2) - s.kernel) / s.stride + 1;
  p.out_w = (s.width + 2 * (s.kernel / 2) - s.kernel) / s.stride + 1;
  p.src_signed = src_signed;
  std::mt19937 rng(1);
  std::uniform_int_distribution<int> byte(-127, 127);
  for (int64_t i = 0; i < p.channels * s.kernel * s.kernel; ++i)
    p.weights.push_back(static_cast<int8_t>(byte(rng)));
  p.bias.assign(p.channels, 100);
  p.scales.assign(p.channels, 1e-3f);
  p.low = 0.f;  // relu
  return p;
}

std::string Label(const DepthwiseShape& s, bool src_signed) {
  return absl::StrCat(s.channels, "ch ", s.height, "x", s.width, " k", s.kernel, " s", s.stride,
                      src_signed ? " s8" : " u8", "->u8");
}

// Times `pd` on `args`; items are output elements, the label ends with the
// oneDNN kernel that ran.
void RunConvolution(benchmark::State& state, const dnnl::convolution_forward::primitive_desc& pd,
                    dnnl::stream& stream, const std::unordered_map<int, dnnl::memory>& args,
                    const std::string& label) {
  dnnl::convolution_forward conv(pd);
  for (auto _ : state) {
    conv.execute(stream, args);
    stream.wait();
  }
  int64_t outputs = 1;
  for (int64_t d : pd.dst_desc().dims()) outputs *= d;
  state.SetItemsProcessed(state.iterations() * outputs);
  const char* impl = nullptr;
  dnnl_primitive_desc_query(pd.get(), dnnl_query_impl_info_str, 0, &impl);
  state.SetLabel(absl::StrCat(label, " onednn:", impl != nullptr ? impl : "?"));
}

void BM_DepthwiseMint8(benchmark::State& state, DepthwiseShape shape, bool src_signed) {
  omp_set_num_threads(1);
  const DepthwiseConvParams p = ParamsFor(shape, src_signed);
  auto conv = DepthwiseConvInt8::Create(p, kernels::onednn::OwnKernelIsa());
  if (!conv.ok()) return state.SkipWithError(std::string(conv.status().message()).c_str());
  std::vector<uint8_t> src(p.in_h * p.in_w * p.channels, 3), dst(p.out_h * p.out_w * p.channels);
  for (auto _ : state) {
    (*conv)->Run(src.data(), dst.data());
    benchmark::DoNotOptimize(dst.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(dst.size()));
  state.SetLabel(absl::StrCat(Label(shape, src_signed), " mint8:", IsaName((*conv)->isa())));
}

// oneDNN's INT8 depthwise convolution of `p` (NHWC u8/s8 in, relu, u8 out),
// its weights reordered and bias bound.
struct OnednnDepthwise {
  dnnl::convolution_forward::primitive_desc pd;
  dnnl::memory weights, bias;
};

OnednnDepthwise MakeOnednnDepthwise(const DepthwiseConvParams& p, const dnnl::engine& engine,
                                    dnnl::stream& stream) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  const dnnl::memory::desc src_desc({1, p.channels, p.in_h, p.in_w}, p.src_signed ? dt::s8 : dt::u8,
                                    tag::nhwc);
  const dnnl::memory::desc dst_desc({1, p.channels, p.out_h, p.out_w}, dt::u8, tag::nhwc);
  const dnnl::memory::dims wei_dims = {p.channels, 1, 1, p.kernel_h, p.kernel_w};
  const dnnl::memory::desc bias_desc({p.channels}, dt::s32, tag::x);
  dnnl::primitive_attr attr;
  attr.set_output_scales(1 << 1, p.scales);
  dnnl::post_ops ops;
  ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
  attr.set_post_ops(ops);
  const int pad = p.pad_top;
  OnednnDepthwise d{dnnl::convolution_forward::primitive_desc(
                        dnnl::convolution_forward::desc(
                            dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, src_desc,
                            dnnl::memory::desc(wei_dims, dt::s8, tag::any), bias_desc, dst_desc,
                            {p.stride_h, p.stride_w}, {pad, pad}, {pad, pad}),
                        attr, engine),
                    {},
                    dnnl::memory(bias_desc, engine, const_cast<int32_t*>(p.bias.data()))};
  d.weights = dnnl::memory(d.pd.weights_desc(), engine);
  dnnl::memory given({wei_dims, dt::s8, tag::goihw}, engine, const_cast<int8_t*>(p.weights.data()));
  dnnl::reorder(given, d.weights).execute(stream, given, d.weights);
  return d;
}

void BM_DepthwiseOnednn(benchmark::State& state, DepthwiseShape shape, bool src_signed) {
  omp_set_num_threads(1);
  const DepthwiseConvParams p = ParamsFor(shape, src_signed);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  OnednnDepthwise d = MakeOnednnDepthwise(p, engine, stream);
  dnnl::memory src(d.pd.src_desc(), engine), dst(d.pd.dst_desc(), engine);
  std::fill_n(static_cast<uint8_t*>(src.get_data_handle()), d.pd.src_desc().get_size(), 3);
  RunConvolution(
      state, d.pd, stream,
      {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, d.weights}, {DNNL_ARG_BIAS, d.bias}, {DNNL_ARG_DST, dst}},
      Label(shape, src_signed));
}

// DenseNet-121's BatchNorm after a concatenation (the block's first 64,
// 128 or 256 channels, then 32 per layer): mint8's depthwise kernel reading
// the parts where they lie (ConcatDepthwiseConv) against what plans ran
// before, a reorder of each part into the joined tensor and oneDNN's
// depthwise convolution on it.
struct ConcatShape {
  int64_t first, parts, size;  // channels of part 0, number of 32-channel parts, map size
};
constexpr ConcatShape kConcatShapes[] = {{64, 5, 56}, {128, 11, 28}, {256, 23, 14}};

DepthwiseShape JoinedShape(const ConcatShape& s) { return {s.first + 32 * s.parts, s.size, s.size, 1, 1}; }

std::vector<int64_t> PartChannels(const ConcatShape& s) {
  std::vector<int64_t> channels = {s.first};
  channels.insert(channels.end(), s.parts, 32);
  return channels;
}

void BM_ConcatDepthwiseMint8(benchmark::State& state, ConcatShape shape) {
  omp_set_num_threads(1);
  const DepthwiseConvParams p = ParamsFor(JoinedShape(shape), false);
  auto conv = DepthwiseConvInt8::Create(p, std::min(kernels::onednn::OwnKernelIsa(), Isa::kAvx2));
  if (!conv.ok()) return state.SkipWithError(std::string(conv.status().message()).c_str());
  const std::vector<int64_t> channels = PartChannels(shape);
  std::vector<std::vector<uint8_t>> parts;
  std::vector<const void*> sources;
  for (int64_t c : channels) {
    parts.emplace_back(shape.size * shape.size * c, 3);
    sources.push_back(parts.back().data());
  }
  std::vector<uint8_t> dst(shape.size * shape.size * p.channels);
  for (auto _ : state) {
    (*conv)->RunConcatenated(sources, channels, dst.data());
    benchmark::DoNotOptimize(dst.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(dst.size()));
  state.SetLabel(absl::StrCat(channels.size(), " parts, ", p.channels, "ch ", shape.size, "x", shape.size,
                              " mint8:", IsaName((*conv)->isa())));
}

void BM_ConcatDepthwiseOnednn(benchmark::State& state, ConcatShape shape) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  const DepthwiseConvParams p = ParamsFor(JoinedShape(shape), false);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  OnednnDepthwise d = MakeOnednnDepthwise(p, engine, stream);
  dnnl::memory joined(d.pd.src_desc(), engine), dst(d.pd.dst_desc(), engine);
  std::vector<dnnl::reorder> copies;
  std::vector<dnnl::memory> parts, windows;
  int64_t first = 0;
  for (int64_t c : PartChannels(shape)) {
    const dnnl::memory::dims dims = {1, c, shape.size, shape.size};
    parts.emplace_back(dnnl::memory::desc(dims, dt::u8, tag::nhwc), engine);
    std::fill_n(static_cast<uint8_t*>(parts.back().get_data_handle()), parts.back().get_desc().get_size(), 3);
    windows.emplace_back(d.pd.src_desc().submemory_desc(dims, {0, first, 0, 0}), engine,
                         joined.get_data_handle());
    copies.emplace_back(parts.back(), windows.back());
    first += c;
  }
  dnnl::convolution_forward conv(d.pd);
  for (auto _ : state) {
    for (size_t i = 0; i < copies.size(); ++i) copies[i].execute(stream, parts[i], windows[i]);
    conv.execute(stream, {{DNNL_ARG_SRC, joined},
                          {DNNL_ARG_WEIGHTS, d.weights},
                          {DNNL_ARG_BIAS, d.bias},
                          {DNNL_ARG_DST, dst}});
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(p.channels * shape.size * shape.size));
  const char* impl = nullptr;
  dnnl_primitive_desc_query(d.pd.get(), dnnl_query_impl_info_str, 0, &impl);
  state.SetLabel(absl::StrCat(copies.size(), " reorders + onednn:", impl != nullptr ? impl : "?"));
}

// The same layer in FP32 on oneDNN, in the layouts it picks (what a FP32
// network runs): the speed INT8 has to beat.
void BM_DepthwiseOnednnF32(benchmark::State& state, DepthwiseShape shape) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  const DepthwiseConvParams p = ParamsFor(shape, false);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::dims wei_dims = {p.channels, 1, 1, p.kernel_h, p.kernel_w};
  dnnl::post_ops ops;
  ops.append_eltwise(1.f, dnnl::algorithm::eltwise_relu, 0.f, 0.f);
  dnnl::primitive_attr attr;
  attr.set_post_ops(ops);
  const int pad = p.pad_top;
  dnnl::convolution_forward::primitive_desc pd(
      dnnl::convolution_forward::desc(
          dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
          dnnl::memory::desc({1, p.channels, p.in_h, p.in_w}, dt::f32, tag::any),
          dnnl::memory::desc(wei_dims, dt::f32, tag::any), dnnl::memory::desc({p.channels}, dt::f32, tag::x),
          dnnl::memory::desc({1, p.channels, p.out_h, p.out_w}, dt::f32, tag::any), {p.stride_h, p.stride_w},
          {pad, pad}, {pad, pad}),
      attr, engine);
  dnnl::memory src(pd.src_desc(), engine), weights(pd.weights_desc(), engine), bias(pd.bias_desc(), engine),
      dst(pd.dst_desc(), engine);
  for (const dnnl::memory& m : {src, weights, bias}) {
    std::fill_n(static_cast<float*>(m.get_data_handle()), m.get_desc().get_size() / sizeof(float), 0.01f);
  }
  RunConvolution(
      state, pd, stream,
      {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_BIAS, bias}, {DNNL_ARG_DST, dst}},
      absl::StrCat(Label(shape, false), " f32"));
}

// A squeeze-excite 1x1 convolution on a 1x1 map: mint8's mat-vec (the s32
// accumulators; the runtime's epilogue adds a few float operations per
// output) against oneDNN's convolution with its epilogue (u8 in, relu, u8 out).
constexpr int64_t kMatVecShapes[][2] = {{200, 50}, {50, 200}, {960, 240}};

void BM_MatVecMint8(benchmark::State& state, const int64_t* shape) {
  Int8MatVecParams p;
  p.inputs = shape[0];
  p.outputs = shape[1];
  p.weights.assign(p.inputs * p.outputs, 3);
  auto mv = Int8MatVec::Create(p, BestAvailableIsa());
  if (!mv.ok()) return state.SkipWithError(std::string(mv.status().message()).c_str());
  std::vector<uint8_t> x(p.inputs, 7);
  std::vector<int32_t> acc(p.outputs);
  for (auto _ : state) {
    (*mv)->Run(x.data(), acc.data());
    benchmark::DoNotOptimize(acc.data());
  }
  state.SetItemsProcessed(state.iterations() * p.outputs);
  state.SetLabel(absl::StrCat(p.inputs, "->", p.outputs, " mint8:", IsaName((*mv)->isa())));
}

// oneDNN's INT8 1x1 convolution: u8 NHWC [in] channels at hw x hw (filled
// with `value`) to `dst_type` NHWC [out], per-channel scales, one eltwise
// post-op.
void RunInt8Pointwise(benchmark::State& state, int64_t in, int64_t out, int64_t hw,
                      dnnl::memory::data_type dst_type, dnnl::algorithm activation, float alpha, float beta,
                      float scale, uint8_t value, const std::string& label) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::desc src_desc({1, in, hw, hw}, dt::u8, tag::nhwc);
  const dnnl::memory::desc dst_desc({1, out, hw, hw}, dst_type, tag::nhwc);
  const dnnl::memory::desc bias_desc({out}, dt::s32, tag::x);
  dnnl::primitive_attr attr;
  attr.set_output_scales(1 << 1, std::vector<float>(out, scale));
  dnnl::post_ops ops;
  ops.append_eltwise(1.f, activation, alpha, beta);
  attr.set_post_ops(ops);
  const dnnl::convolution_forward::primitive_desc pd(
      dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct,
                                      src_desc, dnnl::memory::desc({out, in, 1, 1}, dt::s8, tag::any),
                                      bias_desc, dst_desc, {1, 1}, {0, 0}, {0, 0}),
      attr, engine);
  dnnl::memory src(src_desc, engine), weights(pd.weights_desc(), engine), bias(bias_desc, engine),
      dst(dst_desc, engine);
  std::fill_n(static_cast<uint8_t*>(src.get_data_handle()), src_desc.get_size(), value);
  RunConvolution(
      state, pd, stream,
      {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_BIAS, bias}, {DNNL_ARG_DST, dst}}, label);
}

void BM_MatVecOnednn(benchmark::State& state, const int64_t* shape) {
  RunInt8Pointwise(state, shape[0], shape[1], 1, dnnl::memory::data_type::u8, dnnl::algorithm::eltwise_relu,
                   0.f, 0.f, 1e-3f, 7, absl::StrCat(shape[0], "->", shape[1]));
}

// A classifier's last layer at batch 1 (MobileNet-V2's 1280 -> 1000): the
// mat-vec against oneDNN's INT8 inner product, which a Gemm node runs.
void BM_ClassifierMatVecOnednn(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::desc src_desc({1, shape[0]}, dt::u8, tag::ab);
  const dnnl::memory::desc dst_desc({1, shape[1]}, dt::u8, tag::ab);
  const dnnl::memory::desc bias_desc({shape[1]}, dt::s32, tag::x);
  dnnl::primitive_attr attr;
  attr.set_output_scales(1 << 1, std::vector<float>(shape[1], 1e-3f));
  const dnnl::inner_product_forward::primitive_desc pd(
      dnnl::inner_product_forward::desc(dnnl::prop_kind::forward_inference, src_desc,
                                        dnnl::memory::desc({shape[1], shape[0]}, dt::s8, tag::any), bias_desc,
                                        dst_desc),
      attr, engine);
  dnnl::memory src(src_desc, engine), weights(pd.weights_desc(), engine), bias(bias_desc, engine),
      dst(dst_desc, engine);
  std::fill_n(static_cast<uint8_t*>(src.get_data_handle()), src_desc.get_size(), 7);
  dnnl::inner_product_forward ip(pd);
  for (auto _ : state) {
    ip.execute(
        stream,
        {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_BIAS, bias}, {DNNL_ARG_DST, dst}});
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * shape[1]);
  const char* impl = nullptr;
  dnnl_primitive_desc_query(pd.get(), dnnl_query_impl_info_str, 0, &impl);
  state.SetLabel(absl::StrCat(shape[0], "->", shape[1], " onednn:", impl != nullptr ? impl : "?"));
}
constexpr int64_t kClassifierShape[2] = {1280, 1000};

// oneDNN's INT8 1x1 convolution (u8 NHWC in, ReLU6) with each destination
// type: what an inverted-residual block's expansion costs when the next
// depthwise convolution reads u8 (INT8) or f32 (kept FP32).
constexpr int64_t kExpansionShapes[][3] = {{16, 96, 112}, {24, 144, 56}, {32, 192, 28}};

void BM_ExpansionDestination(benchmark::State& state, const int64_t* shape,
                             dnnl::memory::data_type dst_type) {
  const int64_t in = shape[0], out = shape[1], hw = shape[2];
  RunInt8Pointwise(state, in, out, hw, dst_type, dnnl::algorithm::eltwise_clip, 0.f, 6.f, 1e-2f, 3,
                   absl::StrCat(in, "->", out, " ", hw, "x", hw,
                                dst_type == dnnl::memory::data_type::u8 ? " u8 out" : " f32 out"));
}

// An FP32 layer's channels-last output quantized to u8 for the next INT8
// layer (EfficientNet-B0's first blocks, and a small map): mint8's one pass
// against oneDNN's reorder.
constexpr int64_t kQuantizeShapes[][3] = {{96, 56, 56}, {32, 112, 112}, {240, 14, 14}};

QuantizeToNhwcParams QuantizeParamsFor(const int64_t* shape) {
  QuantizeToNhwcParams p;
  p.channels = shape[0];
  p.height = shape[1];
  p.width = shape[2];
  p.channels_last_source = true;
  p.inv_scale = 40.f;
  p.zero_point = 100;
  return p;
}

void BM_QuantizeMint8(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  const QuantizeToNhwcParams p = QuantizeParamsFor(shape);
  auto q = QuantizeToNhwc::Create(p, kernels::onednn::OwnKernelIsa());
  if (!q.ok()) return state.SkipWithError(std::string(q.status().message()).c_str());
  std::vector<float> x(p.channels * p.height * p.width, 0.37f);
  std::vector<uint8_t> y(x.size());
  for (auto _ : state) {
    (*q)->Run(x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(x.size()));
  state.SetLabel(absl::StrCat("f32 nhwc -> u8 nhwc mint8:", IsaName((*q)->isa())));
}

void BM_QuantizeOnednn(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::dims dims = {1, shape[0], shape[1], shape[2]};
  dnnl::memory src({dims, dt::f32, tag::nhwc}, engine), dst({dims, dt::u8, tag::nhwc}, engine);
  std::fill_n(static_cast<float*>(src.get_data_handle()), shape[0] * shape[1] * shape[2], 0.37f);
  dnnl::primitive_attr attr;
  attr.set_output_scales(0, {40.f});
  attr.set_zero_points(DNNL_ARG_DST, 0, {100});
  dnnl::reorder reorder(dnnl::reorder::primitive_desc(engine, src.get_desc(), engine, dst.get_desc(), attr));
  for (auto _ : state) {
    reorder.execute(stream, src, dst);
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * shape[0] * shape[1] * shape[2]);
  state.SetLabel("f32 nhwc -> u8 nhwc onednn reorder");
}

// ShuffleNetV2's units at 224x224: two branches of `half` channels joined
// and shuffled (2 groups), u8 and f32: mint8's one pass against the best
// oneDNN does with reorders (each branch into its window of the joined
// tensor, then one strided 5-D reorder that swaps the group axes).
struct ShuffleShape {
  int64_t half, height, width;
};
constexpr ShuffleShape kShuffleShapes[] = {{58, 28, 28}, {116, 14, 14}, {232, 7, 7}};

void BM_ChannelShuffleMint8(benchmark::State& state, ShuffleShape s, int element_bytes) {
  omp_set_num_threads(1);
  ChannelShuffleParams p;
  p.pixels = s.height * s.width;
  p.input_channels = {s.half, s.half};
  p.element_bytes = element_bytes;
  auto shuffle = ChannelShuffleNhwc::Create(p, kernels::onednn::OwnKernelIsa());
  if (!shuffle.ok()) return state.SkipWithError(std::string(shuffle.status().message()).c_str());
  const size_t bytes = p.pixels * s.half * element_bytes;
  std::vector<uint8_t> a(bytes, 1), b(bytes, 2), y(2 * bytes);
  const void* inputs[] = {a.data(), b.data()};
  for (auto _ : state) {
    (*shuffle)->Run(inputs, y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * p.pixels * 2 * s.half);
  state.SetLabel(absl::StrCat(element_bytes == 1 ? "u8" : "f32", " mint8:", IsaName((*shuffle)->isa())));
}

void BM_ChannelShuffleOnednn(benchmark::State& state, ShuffleShape s, int element_bytes) {
  omp_set_num_threads(1);
  using tag = dnnl::memory::format_tag;
  const dnnl::memory::data_type type =
      element_bytes == 1 ? dnnl::memory::data_type::u8 : dnnl::memory::data_type::f32;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const int64_t c = 2 * s.half, h = s.height, w = s.width;
  const dnnl::memory::desc half_desc({1, s.half, h, w}, type, tag::nhwc),
      joined_desc({1, c, h, w}, type, tag::nhwc);
  dnnl::memory a(half_desc, engine), b(half_desc, engine), joined(joined_desc, engine);
  // The joined tensor as [1, 2, half, h, w] and the output as the same
  // elements at their shuffled channel 2 * c' + group, both channels-last.
  const dnnl::memory::desc grouped({1, 2, s.half, h, w}, type, {h * w * c, s.half, 1, w * c, c});
  const dnnl::memory::desc shuffled({1, 2, s.half, h, w}, type, {h * w * c, 1, 2, w * c, c});
  dnnl::memory grouped_view(grouped, engine, joined.get_data_handle());
  dnnl::memory out(shuffled, engine);
  const dnnl::memory::desc window0 = joined_desc.submemory_desc({1, s.half, h, w}, {0, 0, 0, 0});
  const dnnl::memory::desc window1 = joined_desc.submemory_desc({1, s.half, h, w}, {0, s.half, 0, 0});
  dnnl::memory to0(window0, engine, joined.get_data_handle()), to1(window1, engine, joined.get_data_handle());
  dnnl::reorder into0(dnnl::reorder::primitive_desc(engine, half_desc, engine, window0));
  dnnl::reorder into1(dnnl::reorder::primitive_desc(engine, half_desc, engine, window1));
  dnnl::reorder transpose(dnnl::reorder::primitive_desc(engine, grouped, engine, shuffled));
  for (auto _ : state) {
    into0.execute(stream, a, to0);
    into1.execute(stream, b, to1);
    transpose.execute(stream, grouped_view, out);
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * h * w * c);
  state.SetLabel(absl::StrCat(element_bytes == 1 ? "u8" : "f32", " onednn: 2 window reorders + 5-D reorder"));
}

// PP-OCRv4 det's FPN upsamplings (channels, input side, factor), channels-
// last, s8 and f32: mint8's copies of pixels and rows against oneDNN's
// nearest resampling.
constexpr int64_t kUpsampleShapes[][3] = {{96, 20, 2}, {96, 80, 2}, {24, 20, 8}, {24, 80, 2}};

void BM_NearestUpsampleMint8(benchmark::State& state, const int64_t* shape, int element_bytes) {
  omp_set_num_threads(1);
  NearestUpsampleParams p;
  p.height = p.width = shape[1];
  p.factor_h = p.factor_w = shape[2];
  p.pixel_bytes = shape[0] * element_bytes;
  auto upsample = NearestUpsampleNhwc::Create(p);
  if (!upsample.ok()) return state.SkipWithError(std::string(upsample.status().message()).c_str());
  const int64_t in = p.height * p.width * p.pixel_bytes;
  std::vector<uint8_t> x(in, 3), y(in * p.factor_h * p.factor_w);
  for (auto _ : state) {
    (*upsample)->Run(x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(y.size()) / element_bytes);
  state.SetLabel(absl::StrCat(element_bytes == 1 ? "s8" : "f32", " mint8:", IsaName((*upsample)->isa())));
}

void BM_NearestUpsampleOnednn(benchmark::State& state, const int64_t* shape, int element_bytes) {
  omp_set_num_threads(1);
  using tag = dnnl::memory::format_tag;
  const dnnl::memory::data_type type =
      element_bytes == 1 ? dnnl::memory::data_type::s8 : dnnl::memory::data_type::f32;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const int64_t c = shape[0], side = shape[1], out = side * shape[2];
  const dnnl::memory::desc src({1, c, side, side}, type, tag::nhwc), dst({1, c, out, out}, type, tag::nhwc);
  dnnl::resampling_forward::desc desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::resampling_nearest,
                                      src, dst);
  dnnl::resampling_forward::primitive_desc pd(desc, engine);
  dnnl::resampling_forward resample(pd);
  dnnl::memory x(src, engine), y(dst, engine);
  for (auto _ : state) {
    resample.execute(stream, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, y}});
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * c * out * out);
  state.SetLabel(absl::StrCat(element_bytes == 1 ? "s8" : "f32", " onednn:", pd.impl_info_str()));
}

// PP-OCRv4 det's head (in channels, out channels, input side; 2x2 stride
// 2): the last deconvolution (sigmoid) and the one before it (ReLU), from a
// channels-last or an 8-channel-blocked f32 input. mint8's patch kernel
// against what oneDNN runs for the node: a reorder into the layout its
// deconvolution picks, the deconvolution, then bias and activation as one
// binary step.
constexpr int64_t kPatchShapes[][3] = {{24, 1, 320}, {24, 24, 160}};

// The head layer `shape` as the patch kernel's parameters (f32 source).
PatchDeconvolutionParams PatchParamsFor(const int64_t* shape) {
  PatchDeconvolutionParams p;
  p.height = p.width = shape[2];
  p.in_channels = shape[0];
  p.out_channels = shape[1];
  p.kernel_h = p.kernel_w = 2;
  p.activation = shape[1] == 1 ? PatchActivation::kSigmoid : PatchActivation::kRelu;
  return p;
}

void BM_PatchDeconvolutionMint8(benchmark::State& state, const int64_t* shape, bool blocked) {
  omp_set_num_threads(1);
  PatchDeconvolutionParams p = PatchParamsFor(shape);
  p.blocked_source = blocked;
  std::vector<float> w(p.in_channels * PatchOutputs(p), 0.1f), b(p.out_channels, 0.2f);
  auto deconv = PatchDeconvolution::Create(p, w.data(), b.data(), BestAvailableIsa());
  if (!deconv.ok()) return state.SkipWithError(std::string(deconv.status().message()).c_str());
  std::vector<float> x(p.height * p.width * p.in_channels, 0.3f),
      y(x.size() / p.in_channels * PatchOutputs(p));
  for (auto _ : state) {
    (*deconv)->Run(x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(y.size()));
  state.SetLabel(absl::StrCat(blocked ? "nChw8c" : "nhwc", " mint8:", IsaName((*deconv)->isa())));
}

void BM_PatchDeconvolutionOnednn(benchmark::State& state, const int64_t* shape, bool blocked) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const int64_t ic = shape[0], oc = shape[1], side = shape[2];
  const dnnl::memory::desc given({1, ic, side, side}, dt::f32, blocked ? tag::nChw8c : tag::nhwc);
  const dnnl::memory::desc src_any({1, ic, side, side}, dt::f32, tag::any);
  const dnnl::memory::desc w_any({oc, ic, 2, 2}, dt::f32, tag::any);
  // As the plan builder asks: a few output channels stay plain.
  const dnnl::memory::desc dst_any({1, oc, 2 * side, 2 * side}, dt::f32, oc < 8 ? tag::nchw : tag::any);
  dnnl::deconvolution_forward::desc desc(dnnl::prop_kind::forward_inference,
                                         dnnl::algorithm::deconvolution_direct, src_any, w_any, dst_any,
                                         {2, 2}, {0, 0}, {0, 0});
  dnnl::deconvolution_forward::primitive_desc pd(desc, engine);
  dnnl::deconvolution_forward deconv(pd);
  dnnl::post_ops act;
  act.append_eltwise(1.f, oc == 1 ? dnnl::algorithm::eltwise_logistic : dnnl::algorithm::eltwise_relu, 0.f,
                     0.f);
  dnnl::primitive_attr attr;
  attr.set_post_ops(act);
  // The bias in the deconvolution output's layout, as the plan builder
  // makes it (a plain one sends oneDNN's binary to its reference code).
  const dnnl::memory::desc dst = pd.dst_desc();
  const dnnl::memory::desc bias_desc =
      dst == dnnl::memory::desc(dst.dims(), dt::f32, tag::nChw8c)
          ? dnnl::memory::desc({1, oc, 1, 1}, dt::f32, tag::nChw8c)
          : dnnl::memory::desc({1, oc, 1, 1}, dt::f32, oc == 1 ? tag::nchw : tag::nhwc);
  dnnl::binary::desc add_desc(dnnl::algorithm::binary_add, dst, bias_desc, dst);
  dnnl::binary::primitive_desc add_pd(add_desc, attr, engine);
  dnnl::binary add(add_pd);
  dnnl::memory x(given, engine), x_picked(pd.src_desc(), engine), w(pd.weights_desc(), engine);
  dnnl::memory y(pd.dst_desc(), engine), bias(bias_desc, engine);
  const bool reorder = given != pd.src_desc();
  dnnl::reorder to_picked(x, x_picked);
  for (auto _ : state) {
    if (reorder) to_picked.execute(stream, x, x_picked);
    deconv.execute(stream, {{DNNL_ARG_SRC, x_picked}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, y}});
    add.execute(stream, {{DNNL_ARG_SRC_0, y}, {DNNL_ARG_SRC_1, bias}, {DNNL_ARG_DST, y}});
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * oc * 4 * side * side);
  state.SetLabel(absl::StrCat(blocked ? "nChw8c" : "nhwc", reorder ? " reorder then " : " ",
                              "onednn:", pd.impl_info_str(), " then ", add_pd.impl_info_str()));
}

// The same head in INT8: a u8 channels-last map into the f32 output, mint8's
// patch kernel against oneDNN's INT8 deconvolution (output scales, bias and
// the activation inside it).
void BM_PatchDeconvolutionInt8Mint8(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  PatchDeconvolutionParams p = PatchParamsFor(shape);
  p.source = PatchSource::kU8;
  std::vector<int8_t> w(p.in_channels * PatchOutputs(p), 5);
  std::vector<int32_t> b(p.out_channels, 100);
  std::vector<float> scales(p.out_channels, 1e-3f);
  auto deconv = PatchDeconvolution::CreateInt8(p, w.data(), b.data(), scales.data(), BestAvailableIsa());
  if (!deconv.ok()) return state.SkipWithError(std::string(deconv.status().message()).c_str());
  std::vector<uint8_t> x(p.height * p.width * p.in_channels, 30);
  std::vector<float> y(x.size() / p.in_channels * PatchOutputs(p));
  for (auto _ : state) {
    (*deconv)->Run(x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(y.size()));
  state.SetLabel(absl::StrCat("u8 nhwc mint8:", IsaName((*deconv)->isa())));
}

void BM_PatchDeconvolutionInt8Onednn(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const int64_t ic = shape[0], oc = shape[1], side = shape[2];
  const dnnl::memory::desc src({1, ic, side, side}, dt::u8, tag::nhwc);
  const dnnl::memory::desc w_any({oc, ic, 2, 2}, dt::s8, tag::any), bias({oc}, dt::s32, tag::x);
  const dnnl::memory::desc dst({1, oc, 2 * side, 2 * side}, dt::f32, oc < 8 ? tag::nchw : tag::nhwc);
  dnnl::deconvolution_forward::desc desc(dnnl::prop_kind::forward_inference,
                                         dnnl::algorithm::deconvolution_direct, src, w_any, bias, dst, {2, 2},
                                         {0, 0}, {0, 0});
  dnnl::post_ops act;
  act.append_eltwise(1.f, oc == 1 ? dnnl::algorithm::eltwise_logistic : dnnl::algorithm::eltwise_relu, 0.f,
                     0.f);
  dnnl::primitive_attr attr;
  attr.set_output_scales(0, {1e-3f});
  attr.set_post_ops(act);
  dnnl::deconvolution_forward::primitive_desc pd(desc, attr, engine);
  dnnl::deconvolution_forward deconv(pd);
  dnnl::memory x(src, engine), w(pd.weights_desc(), engine), b(bias, engine), y(dst, engine);
  for (auto _ : state) {
    deconv.execute(stream, {{DNNL_ARG_SRC, x}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_BIAS, b}, {DNNL_ARG_DST, y}});
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * oc * 4 * side * side);
  state.SetLabel(absl::StrCat("u8 nhwc onednn:", pd.impl_info_str()));
}

// Squeeze-excite's gating Mul (an FP32 layer's channels-last output times
// one value per channel) and the quantization for the next INT8 layer:
// mint8's one pass against oneDNN's binary multiply and reorder.
// With `int8_source`, the gate on an INT8 layer's u8 output into s8.
void BM_ScaledQuantizeMint8(benchmark::State& state, const int64_t* shape, bool int8_source) {
  omp_set_num_threads(1);
  QuantizeToNhwcParams p = QuantizeParamsFor(shape);
  p.scaled_by_channel = true;
  if (int8_source) {
    p.int8_source = true;
    p.dst_signed = true;
    p.zero_point = 0;
    p.qmin = -128;
    p.qmax = 127;
  }
  auto q = QuantizeToNhwc::Create(p, kernels::onednn::OwnKernelIsa());
  if (!q.ok()) return state.SkipWithError(std::string(q.status().message()).c_str());
  const int64_t values = p.channels * p.height * p.width;
  std::vector<float> x(values, 0.37f), gate(p.channels, 0.6f);
  std::vector<uint8_t> x8(values, 37), y(values);
  for (auto _ : state) {
    (*q)->Run(int8_source ? static_cast<const void*>(x8.data()) : x.data(), gate.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * values);
  state.SetLabel(absl::StrCat(int8_source ? "u8 nhwc * gate -> s8 nhwc" : "f32 nhwc * gate -> u8 nhwc",
                              " mint8:", IsaName((*q)->isa())));
}

void BM_ScaledQuantizeOnednn(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::dims dims = {1, shape[0], shape[1], shape[2]}, gate_dims = {1, shape[0], 1, 1};
  dnnl::memory src({dims, dt::f32, tag::nhwc}, engine), gate({gate_dims, dt::f32, tag::nchw}, engine);
  dnnl::memory product({dims, dt::f32, tag::nhwc}, engine), dst({dims, dt::u8, tag::nhwc}, engine);
  std::fill_n(static_cast<float*>(src.get_data_handle()), shape[0] * shape[1] * shape[2], 0.37f);
  std::fill_n(static_cast<float*>(gate.get_data_handle()), shape[0], 0.6f);
  dnnl::binary mul(dnnl::binary::primitive_desc(
      dnnl::binary::desc(dnnl::algorithm::binary_mul, src.get_desc(), gate.get_desc(), product.get_desc()),
      engine));
  dnnl::primitive_attr attr;
  attr.set_output_scales(0, {40.f});
  attr.set_zero_points(DNNL_ARG_DST, 0, {100});
  dnnl::reorder reorder(
      dnnl::reorder::primitive_desc(engine, product.get_desc(), engine, dst.get_desc(), attr));
  for (auto _ : state) {
    mul.execute(stream, {{DNNL_ARG_SRC_0, src}, {DNNL_ARG_SRC_1, gate}, {DNNL_ARG_DST, product}});
    reorder.execute(stream, product, dst);
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * shape[0] * shape[1] * shape[2]);
  state.SetLabel("f32 nhwc * gate -> u8 nhwc onednn binary + reorder");
}

// Squeeze-excite's gate on an INT8 layer's channels-last u8 output, into s8,
// on oneDNN: its binary multiply with scales (a zero point on the source
// would add a re-centring reorder); mint8's is BM_ScaledQuantizeMint8.
void BM_GatedRequantizeOnednn(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::dims dims = {1, shape[0], shape[1], shape[2]}, gate_dims = {1, shape[0], 1, 1};
  dnnl::memory src({dims, dt::u8, tag::nhwc}, engine), gate({gate_dims, dt::f32, tag::nhwc}, engine);
  dnnl::memory dst({dims, dt::s8, tag::nhwc}, engine);
  std::fill_n(static_cast<uint8_t*>(src.get_data_handle()), shape[0] * shape[1] * shape[2], 37);
  std::fill_n(static_cast<float*>(gate.get_data_handle()), shape[0], 0.6f);
  dnnl::primitive_attr attr;
  attr.set_scales(DNNL_ARG_SRC_0, 0, {0.5f});
  dnnl::binary::primitive_desc pd(
      dnnl::binary::desc(dnnl::algorithm::binary_mul, src.get_desc(), gate.get_desc(), dst.get_desc()), attr,
      engine);
  dnnl::binary mul(pd);
  for (auto _ : state) {
    mul.execute(stream, {{DNNL_ARG_SRC_0, src}, {DNNL_ARG_SRC_1, gate}, {DNNL_ARG_DST, dst}});
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * shape[0] * shape[1] * shape[2]);
  state.SetLabel(absl::StrCat("u8 nhwc * gate -> s8 nhwc onednn ", pd.impl_info_str()));
}

// EfficientNet-B0's SiLU outputs at 224x224 (expand and depthwise layers):
// channels, height, width.
constexpr int64_t kSiluShapes[][3] = {
    {96, 112, 112}, {144, 56, 56}, {240, 28, 28}, {672, 14, 14}, {1152, 7, 7}};

void BM_SiluMint8(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  const int64_t n = shape[0] * shape[1] * shape[2];
  auto silu = SiluF32::Create(n, kernels::onednn::OwnKernelIsa());
  if (!silu.ok()) return state.SkipWithError(std::string(silu.status().message()).c_str());
  std::vector<float> x(n), y(n);
  std::mt19937 rng(3);
  std::normal_distribution<float> value(0.f, 2.f);
  for (float& v : x) v = value(rng);
  for (auto _ : state) {
    (*silu)->Run(x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
  state.SetLabel(absl::StrCat("f32 mint8:", IsaName((*silu)->isa())));
}

// SiLU and the quantization for an INT8 consumer, f32 in, u8 out.
void BM_SiluQuantizeMint8(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  ActivationQuantizeParams p;
  p.values = shape[0] * shape[1] * shape[2];
  p.multiplier = 1.f / 0.02f;
  p.zero_point = 14;
  auto q = ActivationQuantize::Create(p, kernels::onednn::OwnKernelIsa());
  if (!q.ok()) return state.SkipWithError(std::string(q.status().message()).c_str());
  std::vector<float> x(p.values);
  std::mt19937 rng(3);
  std::normal_distribution<float> value(0.f, 2.f);
  for (float& v : x) v = value(rng);
  std::vector<uint8_t> y(p.values);
  for (auto _ : state) {
    (*q)->Run(x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * p.values);
  state.SetLabel(absl::StrCat("f32 -> u8 mint8:", IsaName((*q)->isa())));
}

void BM_SiluOnednn(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::desc desc({1, shape[0], shape[1], shape[2]}, dnnl::memory::data_type::f32,
                                dnnl::memory::format_tag::nhwc);
  dnnl::memory x(desc, engine);
  std::fill_n(static_cast<float*>(x.get_data_handle()), shape[0] * shape[1] * shape[2], 0.37f);
  dnnl::eltwise_forward::primitive_desc pd(
      {dnnl::prop_kind::forward_inference, dnnl::algorithm::eltwise_swish, desc, 1.f, 0.f}, engine);
  dnnl::eltwise_forward silu(pd);
  for (auto _ : state) {
    silu.execute(stream, {{DNNL_ARG_SRC, x}, {DNNL_ARG_DST, x}});
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * shape[0] * shape[1] * shape[2]);
  state.SetLabel(absl::StrCat("f32 in place onednn ", pd.impl_info_str()));
}

// An expand layer's INT8 1x1 convolution (u8 in, f32 out, 16 -> 96 channels
// at 112x112, EfficientNet-B0's second block) with SiLU: oneDNN's swish
// post-op against the convolution without it followed by mint8's SiLU.
void BM_ConvSilu(benchmark::State& state, bool own_silu) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  constexpr int64_t kIn = 16, kOut = 96, kSize = 112;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::desc src({1, kIn, kSize, kSize}, dt::u8, tag::nhwc);
  const dnnl::memory::desc weights({kOut, kIn, 1, 1}, dt::s8, tag::any);
  const dnnl::memory::desc dst({1, kOut, kSize, kSize}, dt::f32, tag::nhwc);
  dnnl::primitive_attr attr;
  attr.set_output_scales(2, std::vector<float>(kOut, 1e-3f));
  if (!own_silu) {
    dnnl::post_ops ops;
    ops.append_eltwise(1.f, dnnl::algorithm::eltwise_swish, 1.f, 0.f);
    attr.set_post_ops(ops);
  }
  dnnl::convolution_forward::primitive_desc pd({dnnl::prop_kind::forward_inference,
                                                dnnl::algorithm::convolution_direct,
                                                src,
                                                weights,
                                                dst,
                                                {1, 1},
                                                {0, 0},
                                                {0, 0}},
                                               attr, engine);
  dnnl::memory x(src, engine), w(pd.weights_desc(), engine), y(dst, engine);
  std::fill_n(static_cast<uint8_t*>(x.get_data_handle()), kIn * kSize * kSize, 3);
  std::fill_n(static_cast<int8_t*>(w.get_data_handle()), pd.weights_desc().get_size(), 1);
  dnnl::convolution_forward conv(pd);
  auto silu = SiluF32::Create(kOut * kSize * kSize, kernels::onednn::OwnKernelIsa());
  if (!silu.ok()) return state.SkipWithError(std::string(silu.status().message()).c_str());
  for (auto _ : state) {
    conv.execute(stream, {{DNNL_ARG_SRC, x}, {DNNL_ARG_WEIGHTS, w}, {DNNL_ARG_DST, y}});
    stream.wait();
    if (own_silu) (*silu)->Run(y.get_data_handle(), y.get_data_handle());
  }
  state.SetItemsProcessed(state.iterations() * kOut * kSize * kSize);
  state.SetLabel(absl::StrCat(pd.impl_info_str(), own_silu ? " + mint8 SiLU" : " with swish post-op"));
}

// Squeeze-excite squeezes (u8, channels x height x width): PaddleOCR's
// direction classifier at 48x192, MobileNetV3-Large at 224x224.
constexpr int64_t kGlobalPoolShapes[][3] = {{88, 3, 96}, {200, 2, 96}, {72, 28, 28}, {960, 7, 7}};

void BM_GlobalAveragePoolMint8(benchmark::State& state, const int64_t* shape) {
  GlobalAveragePoolParams p;
  p.channels = shape[0];
  p.positions = shape[1] * shape[2];
  auto pool = GlobalAveragePoolInt8::Create(p, kernels::onednn::OwnKernelIsa());
  if (!pool.ok()) return state.SkipWithError(std::string(pool.status().message()).c_str());
  std::vector<uint8_t> x(p.positions * p.channels, 7), y(p.channels);
  for (auto _ : state) {
    (*pool)->Run(x.data(), y.data());
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * p.positions * p.channels);
  state.SetLabel(absl::StrCat("mint8:", IsaName((*pool)->isa())));
}

void BM_GlobalAveragePoolOnednn(benchmark::State& state, const int64_t* shape) {
  omp_set_num_threads(1);
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const dnnl::memory::desc src_desc({1, shape[0], shape[1], shape[2]}, dt::u8, tag::nhwc);
  const dnnl::memory::desc dst_desc({1, shape[0], 1, 1}, dt::u8, tag::nhwc);
  const dnnl::pooling_forward::primitive_desc pd(
      dnnl::pooling_forward::desc(dnnl::prop_kind::forward_inference, dnnl::algorithm::pooling_avg_exclude_padding,
                                  src_desc, dst_desc, {1, 1}, {shape[1], shape[2]}, {0, 0}, {0, 0}),
      engine);
  dnnl::memory src(src_desc, engine), dst(dst_desc, engine);
  std::fill_n(static_cast<uint8_t*>(src.get_data_handle()), src_desc.get_size(), 7);
  dnnl::pooling_forward pool(pd);
  for (auto _ : state) {
    pool.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, dst}});
    stream.wait();
  }
  state.SetItemsProcessed(state.iterations() * shape[0] * shape[1] * shape[2]);
  state.SetLabel(pd.impl_info_str());
}

[[maybe_unused]] const bool kRegistered = [] {
  for (const int64_t* s : kQuantizeShapes) {
    const std::string name = absl::StrCat("BM_ScaledQuantize/", s[0], "x", s[1], "x", s[2]);
    benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_ScaledQuantizeMint8, s, false);
    benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_ScaledQuantizeOnednn, s);
  }
  for (const int64_t* s : kQuantizeShapes) {
    const std::string name = absl::StrCat("BM_GatedRequantize/", s[0], "x", s[1], "x", s[2]);
    benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_ScaledQuantizeMint8, s, true);
    benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_GatedRequantizeOnednn, s);
  }
  for (const int64_t* s : kSiluShapes) {
    const std::string name = absl::StrCat("BM_Silu/", s[0], "x", s[1], "x", s[2]);
    benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_SiluMint8, s);
    benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_SiluOnednn, s);
    benchmark::RegisterBenchmark((name + "/mint8_quantize").c_str(), BM_SiluQuantizeMint8, s);
  }
  for (const int64_t* s : kGlobalPoolShapes) {
    const std::string name = absl::StrCat("BM_GlobalAveragePool/", s[0], "x", s[1], "x", s[2]);
    benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_GlobalAveragePoolMint8, s);
    benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_GlobalAveragePoolOnednn, s);
  }
  for (const int64_t* s : kMatVecShapes) {
    const std::string name = absl::StrCat("BM_MatVec/", s[0], "to", s[1]);
    benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_MatVecMint8, s);
    benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_MatVecOnednn, s);
  }
  benchmark::RegisterBenchmark("BM_MatVec/1280to1000/mint8", BM_MatVecMint8, kClassifierShape);
  benchmark::RegisterBenchmark("BM_MatVec/1280to1000/onednn_inner_product", BM_ClassifierMatVecOnednn,
                               kClassifierShape);
  for (const int64_t* s : kExpansionShapes) {
    const std::string name = absl::StrCat("BM_ExpansionDestination/", s[0], "to", s[1], "x", s[2], "x", s[2]);
    benchmark::RegisterBenchmark((name + "/u8").c_str(), BM_ExpansionDestination, s,
                                 dnnl::memory::data_type::u8);
    benchmark::RegisterBenchmark((name + "/f32").c_str(), BM_ExpansionDestination, s,
                                 dnnl::memory::data_type::f32);
  }
  benchmark::RegisterBenchmark("BM_ConvSilu/16to96x112x112/onednn_post_op", BM_ConvSilu, false);
  benchmark::RegisterBenchmark("BM_ConvSilu/16to96x112x112/then_mint8", BM_ConvSilu, true);
  for (const ShuffleShape& s : kShuffleShapes) {
    for (int element_bytes : {1, 4}) {
      const std::string name = absl::StrCat("BM_ChannelShuffle/", 2 * s.half, "x", s.height, "x", s.width,
                                            element_bytes == 1 ? "_u8" : "_f32");
      benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_ChannelShuffleMint8, s, element_bytes);
      benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_ChannelShuffleOnednn, s, element_bytes);
    }
  }
  for (const int64_t* s : kUpsampleShapes) {
    for (int element_bytes : {1, 4}) {
      const std::string name = absl::StrCat("BM_NearestUpsample/", s[0], "x", s[1], "x", s[1], "by", s[2],
                                            element_bytes == 1 ? "_s8" : "_f32");
      benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_NearestUpsampleMint8, s, element_bytes);
      benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_NearestUpsampleOnednn, s, element_bytes);
    }
  }
  for (const int64_t* s : kPatchShapes) {
    for (bool blocked : {false, true}) {
      const std::string name = absl::StrCat("BM_PatchDeconvolution/", s[0], "to", s[1], "x", s[2], "x", s[2],
                                            blocked ? "_nChw8c" : "_nhwc");
      benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_PatchDeconvolutionMint8, s, blocked);
      benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_PatchDeconvolutionOnednn, s, blocked);
    }
    const std::string name =
        absl::StrCat("BM_PatchDeconvolution/", s[0], "to", s[1], "x", s[2], "x", s[2], "_u8");
    benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_PatchDeconvolutionInt8Mint8, s);
    benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_PatchDeconvolutionInt8Onednn, s);
  }
  for (const int64_t* s : kQuantizeShapes) {
    const std::string name = absl::StrCat("BM_Quantize/", s[0], "x", s[1], "x", s[2]);
    benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_QuantizeMint8, s);
    benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_QuantizeOnednn, s);
  }
  for (const DepthwiseShape& s : kDepthwiseShapes) {
    for (bool src_signed : {false, true}) {
      const std::string name = absl::StrCat(s.channels, "x", s.height, "x", s.width, "k", s.kernel, "s",
                                            s.stride, src_signed ? "_s8" : "_u8");
      benchmark::RegisterBenchmark(("BM_Depthwise/" + name + "/mint8").c_str(), BM_DepthwiseMint8, s,
                                   src_signed);
      benchmark::RegisterBenchmark(("BM_Depthwise/" + name + "/onednn").c_str(), BM_DepthwiseOnednn, s,
                                   src_signed);
    }
    const std::string name =
        absl::StrCat(s.channels, "x", s.height, "x", s.width, "k", s.kernel, "s", s.stride, "_f32");
    benchmark::RegisterBenchmark(("BM_Depthwise/" + name + "/onednn").c_str(), BM_DepthwiseOnednnF32, s);
  }
  for (const ConcatShape& s : kConcatShapes) {
    const std::string name = absl::StrCat("BM_ConcatDepthwise/", s.parts + 1, "x", JoinedShape(s).channels,
                                          "ch", s.size, "x", s.size);
    benchmark::RegisterBenchmark((name + "/mint8").c_str(), BM_ConcatDepthwiseMint8, s);
    benchmark::RegisterBenchmark((name + "/onednn").c_str(), BM_ConcatDepthwiseOnednn, s);
  }
  return true;
}();

}  // namespace
}  // namespace mint8::x86

BENCHMARK_MAIN();
