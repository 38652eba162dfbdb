#include "kernels/onednn/convolution.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

using tag = dnnl::memory::format_tag;

namespace {

// Moves `pd` to the rank-th implementation after its first that is another
// kernel (oneDNN lists some twice) on the first's source and destination
// layouts.
absl::Status SkipToImplementation(int rank, dnnl::convolution_forward::primitive_desc& pd) {
  const dnnl::memory::desc src = pd.src_desc(), dst = pd.dst_desc();
  std::vector<std::string> seen = {pd.impl_info_str()};
  for (int found = 0; found < rank;) {
    if (!pd.next_impl()) return absl::NotFoundError(absl::StrCat("no convolution implementation ", rank));
    const std::string name = pd.impl_info_str();
    if (pd.src_desc() != src || pd.dst_desc() != dst || std::count(seen.begin(), seen.end(), name) > 0)
      continue;
    seen.push_back(name);
    ++found;
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CompiledPrimitive> CreateConvolution(const ConvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  const dnnl::memory::dims src_dims = {g.batch, g.in_channels, w.in_h, w.in_w};
  const dnnl::memory::dims dst_dims = {g.batch, g.out_channels, w.out_h, w.out_w};
  dnnl::memory::dims wei_dims = {g.out_channels, g.in_channels / g.group, w.kernel_h, w.kernel_w};
  tag wei_plain = tag::oihw;
  if (g.group > 1) {
    wei_dims = {g.group, g.out_channels / g.group, g.in_channels / g.group, w.kernel_h, w.kernel_w};
    wei_plain = tag::goihw;
  }
  const dnnl::memory::desc wei_any(wei_dims, spec.weights_type, tag::any);
  const dnnl::memory::desc bias_desc({g.out_channels}, spec.bias_type, tag::x);
  const dnnl::memory::desc dst_any(dst_dims, spec.dst_type, tag::any);

  dnnl::primitive_attr attr = BaseAttributes();
  ApplyEpilogue(spec.epilogue, spec.post_ops, attr);

  // A depthwise convolution on a channels-last source writes channels-last
  // (with `any` oneDNN 2.6 would pair it with a blocked destination, which no
  // jit kernel serves).
  const dnnl::memory::desc dst_channels_last(dst_dims, spec.dst_type, tag::nhwc);
  auto make_desc = [&](const dnnl::memory::desc& src, const dnnl::memory::desc& dst) {
    return dnnl::convolution_forward::desc(dnnl::prop_kind::forward_inference, spec.algorithm, src, wei_any,
                                           spec.bias != nullptr ? bias_desc : dnnl::memory::desc(), dst,
                                           {w.stride_h, w.stride_w}, {w.dilation_h - 1, w.dilation_w - 1},
                                           {w.pad_top, w.pad_left}, {w.pad_bottom, w.pad_right});
  };
  auto make_pd = [&](const dnnl::memory::desc& src) {
    const bool channels_last = g.depthwise() && src == dnnl::memory::desc(src_dims, spec.src_type, tag::nhwc);
    return dnnl::convolution_forward::primitive_desc(
        make_desc(src, channels_last ? dst_channels_last : dst_any), attr, CpuEngine());
  };

  dnnl::convolution_forward::primitive_desc pd;
  try {
    pd = PreferProducerLayout(spec.src_hint, spec.src_type,
                              dnnl::memory::desc(src_dims, spec.src_type, tag::any), make_pd);
  } catch (const dnnl::error& e) {
    return OnednnError("the convolution", e);
  }
  if (spec.implementation_rank > 0) {
    // Iterating needs the operation descriptor alive: a new iterator, in this
    // scope, over the first choice's layouts.
    const dnnl::convolution_forward::desc desc = make_desc(pd.src_desc(), pd.dst_desc());
    dnnl::convolution_forward::primitive_desc it;
    try {
      it = dnnl::convolution_forward::primitive_desc(desc, attr, CpuEngine());
    } catch (const dnnl::error& e) {
      return OnednnError("the convolution", e);
    }
    if (absl::Status s = SkipToImplementation(spec.implementation_rank, it); !s.ok()) return s;
    pd = it;
  }

  CompiledPrimitive out;
  out.kernel = std::make_unique<PrimitiveKernel>("Conv", pd, dnnl::convolution_forward(pd));
  out.kernel->BindConstant(
      DNNL_ARG_WEIGHTS, PackConstant(dnnl::memory::desc(wei_dims, spec.weights_type, wei_plain), spec.weights,
                                     pd.weights_desc()));
  if (spec.bias != nullptr) {
    out.kernel->BindConstant(DNNL_ARG_BIAS, PackConstant(bias_desc, spec.bias, pd.bias_desc()));
  }
  BindZeroPoints(spec.epilogue, *out.kernel);
  out.input_args = {DNNL_ARG_SRC};
  out.input_descs = {pd.src_desc()};
  out.output_desc = pd.dst_desc();
  return out;
}

std::string ConvolutionSignature(const ConvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  return absl::StrCat("n", g.batch, " ", g.in_channels, "->", g.out_channels, " g", g.group, " ", w.in_h, "x",
                      w.in_w, " k", w.kernel_h, "x", w.kernel_w, " s", w.stride_h, "x", w.stride_w, " d",
                      w.dilation_h, "x", w.dilation_w, " p", w.pad_top, ",", w.pad_left, ",", w.pad_bottom,
                      ",", w.pad_right, " types ", static_cast<int>(spec.src_type), ",",
                      static_cast<int>(spec.weights_type), "->", static_cast<int>(spec.dst_type), " src ",
                      LayoutKey(spec.src_hint), " post-ops ", spec.post_ops.size());
}

}  // namespace mint8::kernels::onednn
