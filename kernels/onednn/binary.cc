#include "kernels/onednn/binary.h"

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

absl::StatusOr<CompiledPrimitive> CreateBinary(const BinarySpec& spec) {
  try {
    dnnl_memory_desc_t dst = spec.src0_desc.data;
    if (spec.dst_type != dnnl::memory::data_type::undef) {
      dst.data_type = dnnl::memory::convert_to_c(spec.dst_type);
    }
    dnnl::binary::desc desc(spec.algorithm, spec.src0_desc, spec.src1_desc, dnnl::memory::desc(dst));
    dnnl::primitive_attr attr = BaseAttributes();
    if (spec.src0_scale != 1.f) attr.set_scales(DNNL_ARG_SRC_0, 0, {spec.src0_scale});
    if (spec.src1_scale != 1.f) attr.set_scales(DNNL_ARG_SRC_1, 0, {spec.src1_scale});
    const bool narrowed = spec.dst_qmin != 0 || spec.dst_qmax != 0;
    if (!spec.post_ops.empty()) {
      if (spec.dst_shift != 0 || narrowed) return absl::UnimplementedError("post-ops on an INT8 destination");
      ApplyEpilogue(Epilogue(), spec.post_ops, attr);
    } else if (spec.dst_shift != 0 || narrowed) {
      dnnl::post_ops ops;
      if (spec.dst_shift != 0) ops.append_eltwise(1.f, dnnl::algorithm::eltwise_linear, 1.f, spec.dst_shift);
      if (narrowed) {
        ops.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, static_cast<float>(spec.dst_qmin),
                           static_cast<float>(spec.dst_qmax));
      }
      attr.set_post_ops(ops);
    }
    dnnl::binary::primitive_desc pd(desc, attr, CpuEngine());
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>("Binary", pd, dnnl::binary(pd));
    out.input_args = {DNNL_ARG_SRC_0};
    out.input_descs = {pd.src0_desc()};
    if (spec.src1_constant != nullptr) {
      out.kernel->BindConstant(DNNL_ARG_SRC_1,
                               PackConstant(spec.src1_constant_desc, spec.src1_constant, pd.src1_desc()));
    } else {
      out.input_args.push_back(DNNL_ARG_SRC_1);
      out.input_descs.push_back(pd.src1_desc());
    }
    out.output_desc = pd.dst_desc();
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the binary operation", e);
  }
}

dnnl::memory::desc SameLayout(const dnnl::memory::desc& like, const dnnl::memory::dims& dims) {
  using tag = dnnl::memory::format_tag;
  const dnnl::memory::dims like_dims = like.dims();
  if (like_dims.size() == 4 && dims.size() == 4) {
    for (tag t : {tag::abcd, tag::acdb, tag::aBcd8b, tag::aBcd16b}) {
      if (like == dnnl::memory::desc(like_dims, like.data_type(), t)) {
        return dnnl::memory::desc(dims, like.data_type(), t);
      }
    }
  }
  return PlainDesc(dims, like.data_type());
}

}  // namespace mint8::kernels::onednn
