#include "kernels/onednn/inner_product.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

using tag = dnnl::memory::format_tag;

absl::StatusOr<CompiledPrimitive> CreateInnerProduct(const InnerProductSpec& spec) {
  const int64_t n = spec.src_dims[0];
  dnnl::memory::dims wei_dims = spec.src_dims;
  wei_dims[0] = spec.out_features;
  const dnnl::memory::desc wei_any(wei_dims, spec.weights_type, tag::any);
  const dnnl::memory::desc bias_desc({spec.out_features}, spec.bias_type, tag::x);
  const dnnl::memory::desc dst_desc({n, spec.out_features}, spec.dst_type, tag::ab);

  // oneDNN 2.6's INT8 inner product on AVX2 (gemm_s8u8s32) refuses a
  // destination zero point attribute: the epilogue's last linear step adds it.
  Epilogue epilogue = spec.epilogue;
  epilogue.dst_zero_point_in_post_ops = true;
  dnnl::primitive_attr attr = BaseAttributes();
  ApplyEpilogue(epilogue, spec.post_ops, attr);
  auto make_pd = [&](const dnnl::memory::desc& src) {
    dnnl::inner_product_forward::desc desc(dnnl::prop_kind::forward_inference, src, wei_any,
                                           spec.bias != nullptr ? bias_desc : dnnl::memory::desc(), dst_desc);
    return dnnl::inner_product_forward::primitive_desc(desc, attr, CpuEngine());
  };
  dnnl::inner_product_forward::primitive_desc pd;
  bool have_pd = false;
  if (!spec.src_hint.is_zero() && spec.src_hint.data_type() == spec.src_type) {
    try {
      pd = make_pd(spec.src_hint);
      have_pd = !IsReferenceImplementation(ImplementationName(pd));
    } catch (const dnnl::error&) {
      have_pd = false;
    }
  }
  if (!have_pd) {
    try {
      pd = make_pd(dnnl::memory::desc(spec.src_dims, spec.src_type, tag::any));
    } catch (const dnnl::error& e) {
      return OnednnError("the inner product", e);
    }
  }
  // The given weights as an [out, K...] view: plain rows, or columns of [K, out].
  dnnl::memory::desc given = PlainDesc(wei_dims, spec.weights_type);
  if (!spec.weights_transposed) {
    dnnl::memory::dims strides(wei_dims.size(), 0);
    strides[0] = 1;
    int64_t stride = spec.out_features;
    for (int i = static_cast<int>(wei_dims.size()) - 1; i >= 1; --i) {
      strides[i] = stride;
      stride *= wei_dims[i];
    }
    given = dnnl::memory::desc(wei_dims, spec.weights_type, strides);
  }
  CompiledPrimitive out;
  out.kernel = std::make_unique<PrimitiveKernel>("Gemm", pd, dnnl::inner_product_forward(pd));
  out.kernel->BindConstant(DNNL_ARG_WEIGHTS, PackConstant(given, spec.weights, pd.weights_desc()));
  if (spec.bias != nullptr) {
    out.kernel->BindConstant(DNNL_ARG_BIAS, PackConstant(bias_desc, spec.bias, pd.bias_desc()));
  }
  BindZeroPoints(epilogue, *out.kernel);
  out.input_args = {DNNL_ARG_SRC};
  out.input_descs = {pd.src_desc()};
  out.output_desc = pd.dst_desc();
  return out;
}

std::string InnerProductSignature(const InnerProductSpec& spec) {
  return absl::StrCat("n", absl::StrJoin(spec.src_dims, "x"), "->", spec.out_features, " types ",
                      static_cast<int>(spec.src_type), ",", static_cast<int>(spec.weights_type), "->",
                      static_cast<int>(spec.dst_type), " transposed ", spec.weights_transposed, " src ",
                      LayoutKey(spec.src_hint), " post-ops ", spec.post_ops.size());
}

}  // namespace mint8::kernels::onednn
