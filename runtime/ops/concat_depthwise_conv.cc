// ConcatDepthwiseConv: mint8's depthwise kernel in its pointwise form
// (kernels/x86/depthwise_conv.h, RunConcatenated) reading each source where
// it lies, so the concatenation is never copied. No race against oneDNN:
// its form would be the Concat's copies plus the convolution, and the
// kernel alone beats oneDNN's depthwise 1x1 convolution on DenseNet's
// layers (docs/speed.md). The reference kernels (Concat, then the INT8
// Conv) otherwise.
#include <algorithm>
#include <memory>
#include <vector>

#include "absl/strings/str_cat.h"
#include "ir/op_geometry.h"
#include "ir/status_macros.h"
#include "kernels/onednn/convolution.h"
#include "kernels/onednn/engine.h"
#include "kernels/reference/quantization.h"
#include "kernels/reference/tensor_ops.h"
#include "kernels/x86/depthwise_conv.h"
#include "runtime/lowering.h"
#include "runtime/ops/int8_compute.h"
#include "runtime/ops/own_depthwise.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace dk = kernels::onednn;

constexpr size_t kFirstOtherSource = 3;

// The sources' input indices in order: 0, then 3, 4, ...
std::vector<size_t> SourceInputs(size_t num_inputs) {
  std::vector<size_t> sources = {0};
  for (size_t i = kFirstOtherSource; i < num_inputs; ++i) sources.push_back(i);
  return sources;
}

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  std::vector<ir::ConstTensorView> parts;
  for (size_t i : SourceInputs(in.size())) parts.push_back(in[i]);
  ir::Dims dims = parts[0].dims;
  for (size_t i = 1; i < parts.size(); ++i) dims[1] += parts[i].dims[1];
  std::vector<uint8_t> joined(ir::NumElements(dims));
  const ir::MutableTensorView y{parts[0].dtype, dims, joined.data(), parts[0].quantization};
  kernels::reference::Concat(parts, 1, y);
  MINT8_ASSIGN_OR_RETURN(ir::ConvGeometry g, ir::ResolveConvGeometry(node, dims, in[1].dims));
  std::vector<ir::PostOp> post_ops;
  MINT8_RETURN_IF_ERROR(ir::ParsePostOps(node, post_ops));
  const ir::ConstTensorView x{y.dtype, y.dims, y.raw, y.quantization};
  return kernels::reference::QuantizedConv2d(g, x, in[1], Present(in, 2) ? &in[2] : nullptr, post_ops,
                                             nullptr, out[0]);
}

// Reads source i as DNNL_ARG_MULTIPLE_SRC + i, writes DNNL_ARG_DST.
class ConcatenatedSourcesKernel : public kernels::BoundKernel {
 public:
  ConcatenatedSourcesKernel(std::unique_ptr<x86::DepthwiseConvInt8> conv, std::vector<int64_t> channels)
      : conv_(std::move(conv)), channels_(std::move(channels)) {}

  absl::string_view op_type() const override { return "ConcatDepthwiseConv"; }
  std::string implementation() const override { return absl::StrCat("mint8_dw:", IsaName(conv_->isa())); }
  absl::Status Execute(kernels::KernelContext& ctx) const override {
    // The thread's, grown once: kernels serve every run context at once.
    thread_local std::vector<const void*> sources;
    sources.resize(channels_.size());
    for (size_t i = 0; i < channels_.size(); ++i) {
      const int value = ValueOf(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i));
      if (value < 0) return absl::InternalError("ConcatDepthwiseConv run before binding");
      sources[i] = ctx.data(value);
    }
    const int dst = ValueOf(DNNL_ARG_DST);
    if (dst < 0) return absl::InternalError("ConcatDepthwiseConv run before binding");
    conv_->RunConcatenated(sources, channels_, ctx.data(dst));
    return absl::OkStatus();
  }

 private:
  std::unique_ptr<x86::DepthwiseConvInt8> conv_;
  std::vector<int64_t> channels_;
};

absl::Status LowerInt8(LoweringContext& ctx, const ir::Node& node) {
  const std::vector<size_t> sources = SourceInputs(node.inputs.size());
  const ir::TensorInfo* w = ctx.Constant(node.inputs[1]);
  if (w == nullptr) return NotOnednn("weights that are not constant");
  ir::Dims joined = ctx.Info(node.inputs[0]).shape.Sizes();
  std::vector<int64_t> channels;
  for (size_t i : sources) channels.push_back(ctx.Info(node.inputs[i]).shape.Sizes()[1]);
  joined[1] = 0;
  for (int64_t c : channels) joined[1] += c;
  dk::ConvolutionSpec spec;
  MINT8_ASSIGN_OR_RETURN(spec.geometry, ir::ResolveConvGeometry(node, joined, w->shape.Sizes()));
  MINT8_RETURN_IF_ERROR(SetInt8Operands(ctx, node, spec.geometry.out_channels, nullptr, spec));
  std::optional<x86::DepthwiseConvParams> p = OwnDepthwiseParams(spec);
  if (!p) return NotOnednn("an epilogue mint8's depthwise kernel does not cover");
  // The pointwise loop is AVX2's (there is no AVX-512 one).
  auto conv = x86::DepthwiseConvInt8::Create(*p, std::min(dk::OwnKernelIsa(), Isa::kAvx2));
  if (!conv.ok()) return NotOnednn(conv.status().message());
  if (!(*conv)->pointwise()) return NotOnednn("not a pointwise convolution");
  std::vector<int> inputs, input_args;
  for (size_t k = 0; k < sources.size(); ++k) {
    const ir::TensorInfo& t = ctx.Info(node.inputs[sources[k]]);
    MINT8_ASSIGN_OR_RETURN(const int v, ctx.ValueIn(t.name, ChannelsLast(PlainOf(t.dtype, t.shape.Sizes()))));
    inputs.push_back(v);
    input_args.push_back(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(k));
  }
  const ir::TensorInfo& y = ctx.Info(node.outputs[0]);
  const int out = ctx.NewOutput(node, 0, ChannelsLast(PlainOf(y.dtype, y.shape.Sizes())));
  return ctx.AddKernelStep(std::make_unique<ConcatenatedSourcesKernel>(std::move(*conv), std::move(channels)),
                           input_args, DNNL_ARG_DST, node.name, inputs, out, "");
}

MINT8_REGISTER_LOWERING("ConcatDepthwiseConv", OpLowering{Reference, nullptr, LowerInt8});

}  // namespace
}  // namespace mint8::runtime::ops
