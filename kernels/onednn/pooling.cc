#include "kernels/onednn/pooling.h"

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

absl::StatusOr<CompiledPrimitive> CreatePooling(const PoolingSpec& spec) {
  const ir::Window2d& w = spec.geometry.window;
  const dnnl::memory::dims dst_dims = {spec.geometry.batch, spec.geometry.channels, w.out_h,
                                       w.out_w};
  // oneDNN derives the output size from the padding: a ceil_mode window that
  // runs past the input gets the extra right/bottom padding it implies.
  const int64_t pad_bottom = (w.out_h - 1) * w.stride_h + (w.kernel_h - 1) * w.dilation_h + 1 -
                             w.in_h - w.pad_top;
  const int64_t pad_right = (w.out_w - 1) * w.stride_w + (w.kernel_w - 1) * w.dilation_w + 1 -
                            w.in_w - w.pad_left;
  dnnl::algorithm alg = dnnl::algorithm::pooling_max;
  if (spec.kind == PoolKind::kAverageExcludePadding) alg = dnnl::algorithm::pooling_avg_exclude_padding;
  if (spec.kind == PoolKind::kAverageIncludePadding) alg = dnnl::algorithm::pooling_avg_include_padding;
  dnnl::primitive_attr attr = BaseAttributes();
  try {
    dnnl::pooling_v2_forward::desc desc(
        dnnl::prop_kind::forward_inference, alg, spec.src_desc,
        dnnl::memory::desc(dst_dims, spec.dst_type, dnnl::memory::format_tag::any),
        {w.stride_h, w.stride_w}, {w.kernel_h, w.kernel_w}, {w.dilation_h - 1, w.dilation_w - 1},
        {w.pad_top, w.pad_left}, {std::max<int64_t>(pad_bottom, 0), std::max<int64_t>(pad_right, 0)});
    dnnl::pooling_v2_forward::primitive_desc pd(desc, attr, CpuEngine());
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>("Pool", pd, dnnl::pooling_v2_forward(pd));
    out.input_args = {DNNL_ARG_SRC};
    out.input_descs = {pd.src_desc()};
    out.output_desc = pd.dst_desc();
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the pooling", e);
  }
}

}  // namespace mint8::kernels::onednn
