#include "kernels/onednn/reorder.h"

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

absl::StatusOr<CompiledPrimitive> CreateReorder(const ReorderSpec& spec) {
  dnnl::primitive_attr attr = BaseAttributes();
  if (!spec.scales.empty()) attr.set_output_scales(spec.scales.size() > 1 ? 1 << 1 : 0, spec.scales);
  if (spec.src_zero_point != 0) attr.set_zero_points(DNNL_ARG_SRC, 0, {spec.src_zero_point});
  if (spec.dst_zero_point != 0) attr.set_zero_points(DNNL_ARG_DST, 0, {spec.dst_zero_point});
  try {
    const dnnl::engine& engine = CpuEngine();
    dnnl::reorder::primitive_desc pd(engine, spec.src_desc, engine, spec.dst_desc, attr);
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>(spec.op_type, pd, dnnl::reorder(pd));
    out.input_args = {DNNL_ARG_FROM};
    out.input_descs = {spec.src_desc};
    out.output_arg = DNNL_ARG_TO;
    out.output_desc = spec.dst_desc;
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the reorder", e);
  }
}

}  // namespace mint8::kernels::onednn
