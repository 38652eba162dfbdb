#include "kernels/onednn/concat.h"

#include "kernels/onednn/engine.h"

namespace mint8::kernels::onednn {

absl::StatusOr<CompiledPrimitive> CreateConcat(const ConcatSpec& spec) {
  try {
    dnnl::concat::primitive_desc pd(spec.axis, spec.src_descs, CpuEngine(), BaseAttributes());
    CompiledPrimitive out;
    out.kernel = std::make_unique<PrimitiveKernel>("Concat", pd, dnnl::concat(pd));
    for (size_t i = 0; i < spec.src_descs.size(); ++i) {
      out.input_args.push_back(DNNL_ARG_MULTIPLE_SRC + static_cast<int>(i));
      out.input_descs.push_back(spec.src_descs[i]);
    }
    out.output_desc = pd.dst_desc();
    return out;
  } catch (const dnnl::error& e) {
    return OnednnError("the concatenation", e);
  }
}

}  // namespace mint8::kernels::onednn
