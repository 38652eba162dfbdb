#include "kernels/onednn/deconvolution.h"

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

using tag = dnnl::memory::format_tag;
using dt = dnnl::memory::data_type;

absl::StatusOr<CompiledPrimitive> CreateDeconvolution(const DeconvolutionSpec& spec) {
  const ir::ConvGeometry& g = spec.geometry;
  const ir::Window2d& w = g.window;
  const dnnl::memory::dims src_dims = {g.batch, g.in_channels, w.in_h, w.in_w};
  const dnnl::memory::dims dst_dims = {g.batch, g.out_channels, w.out_h, w.out_w};
  // ONNX stores [IC, OC/group, KH, KW]: oneDNN's (o, i, h, w) with i outermost.
  dnnl::memory::dims wei_dims = {g.out_channels, g.in_channels, w.kernel_h, w.kernel_w};
  tag wei_plain = tag::iohw;
  if (g.group > 1) {
    wei_dims = {g.group, g.out_channels / g.group, g.in_channels / g.group, w.kernel_h, w.kernel_w};
    wei_plain = tag::giohw;
  }
  const dnnl::memory::desc bias_desc({g.out_channels}, spec.bias_type, tag::x);
  // A few output channels (a detector's probability map) stay plain: blocked
  // by 16 they would take 16x the memory and leave the binary step after the
  // deconvolution on oneDNN's reference code.
  const tag dst_tag = g.out_channels < 8 && spec.dst_type == dt::f32 ? tag::nchw : tag::any;
  dnnl::primitive_attr attr = BaseAttributes();
  ApplyEpilogue(spec.epilogue, spec.post_ops, attr);
  auto make_pd = [&](const dnnl::memory::desc& src) {
    dnnl::deconvolution_forward::desc desc(
        dnnl::prop_kind::forward_inference, dnnl::algorithm::deconvolution_direct, src,
        dnnl::memory::desc(wei_dims, spec.weights_type, tag::any),
        spec.bias != nullptr ? bias_desc : dnnl::memory::desc(),
        dnnl::memory::desc(dst_dims, spec.dst_type, dst_tag), {w.stride_h, w.stride_w},
        {w.dilation_h - 1, w.dilation_w - 1}, {w.pad_top, w.pad_left}, {w.pad_bottom, w.pad_right});
    return dnnl::deconvolution_forward::primitive_desc(desc, attr, CpuEngine());
  };
  dnnl::deconvolution_forward::primitive_desc pd;
  try {
    pd = PreferProducerLayout(spec.src_hint, spec.src_type,
                              dnnl::memory::desc(src_dims, spec.src_type, tag::any), make_pd);
  } catch (const dnnl::error& e) {
    return OnednnError("the transposed convolution", e);
  }
  CompiledPrimitive out;
  out.kernel = std::make_unique<PrimitiveKernel>("ConvTranspose", pd, dnnl::deconvolution_forward(pd));
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

}  // namespace mint8::kernels::onednn
