// CompiledPrimitive: what creating a oneDNN kernel yields: the kernel, the
// arguments and layouts it needs its value inputs in (the runtime reorders
// producers that differ) and the layout of its output.
#ifndef MINT8_KERNELS_ONEDNN_COMPILED_PRIMITIVE_H_
#define MINT8_KERNELS_ONEDNN_COMPILED_PRIMITIVE_H_

#include <memory>
#include <string>
#include <vector>

#include "kernels/onednn/engine.h"
#include "kernels/onednn/primitive_kernel.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace mint8::kernels::onednn {

// The caller binds values to the kernel's arguments: input_args[i] must read
// a value in layout input_descs[i]; output_arg writes a value in output_desc.
struct CompiledPrimitive {
  std::unique_ptr<PrimitiveKernel> kernel;
  std::vector<int> input_args;
  std::vector<dnnl::memory::desc> input_descs;
  int output_arg = DNNL_ARG_DST;
  dnnl::memory::desc output_desc;
};

// The CompiledPrimitive of a primitive that reads DNNL_ARG_SRC and writes
// DNNL_ARG_DST (eltwise, normalizations, resampling, reduction).
template <typename Primitive>
CompiledPrimitive SourceToDestination(std::string op_type, const typename Primitive::primitive_desc& pd) {
  CompiledPrimitive p;
  p.kernel = std::make_unique<PrimitiveKernel>(std::move(op_type), pd, Primitive(pd));
  p.input_args = {DNNL_ARG_SRC};
  p.input_descs = {pd.src_desc()};
  p.output_desc = pd.dst_desc();
  return p;
}

// Whether to try a producer's layout before letting oneDNN choose: plain
// layouts with many channels pick slow gemm-based paths, so only blocked
// layouts and plain ones with few channels are worth keeping.
bool WorthKeeping(const dnnl::memory::desc& hint);

// The primitive descriptor `make(src)` builds for the producer's layout
// `hint` when that is worth keeping, of type `type`, and served by the same
// implementation oneDNN picks for `any` (a layout that forces a lesser
// kernel, such as 8-channel blocks leading an AVX-512 CPU to AVX2 code,
// costs more than the reorder it saves); otherwise `make(any)`, whose
// dnnl::error propagates.
template <typename Make>
auto PreferProducerLayout(const dnnl::memory::desc& hint, dnnl::memory::data_type type,
                          const dnnl::memory::desc& any, Make make) -> decltype(make(any)) {
  auto best = make(any);
  if (WorthKeeping(hint) && hint.data_type() == type) {
    try {
      auto pd = make(hint);
      if (ImplementationName(pd) == ImplementationName(best)) return pd;
    } catch (const dnnl::error&) {
    }
  }
  return best;
}

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_COMPILED_PRIMITIVE_H_
