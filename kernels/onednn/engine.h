// The process-wide oneDNN CPU engine, and what a primitive says about itself.
//
//   const dnnl::engine& engine = CpuEngine();
//   dnnl::convolution_forward::primitive_desc pd(desc, attr, engine);
//   if (IsReferenceImplementation(ImplementationName(pd))) { ...slow path... }
#ifndef MINT8_KERNELS_ONEDNN_ENGINE_H_
#define MINT8_KERNELS_ONEDNN_ENGINE_H_

#include <string>

#include "absl/strings/string_view.h"
#include "kernels/x86/cpu_features.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace mint8::kernels::onednn {

// One CPU engine for the whole process: primitives created on it may be shared
// by every Session.
const dnnl::engine& CpuEngine();

// oneDNN's name for the implementation a primitive descriptor picked, e.g.
// "brgconv:avx512_core_vnni" or "ref:any".
std::string ImplementationName(const dnnl::primitive_desc_base& pd);

// True for oneDNN's portable reference implementations ("ref:any",
// "ref_int8:any", "gemm:ref", ...), which are orders of magnitude slower than
// the JIT ones and mean a layout or data-type choice went wrong.
bool IsReferenceImplementation(absl::string_view implementation_name);

// True when oneDNN's INT8 convolutions and inner products on this CPU (under
// any ONEDNN_MAX_CPU_ISA cap) multiply with VNNI instructions, accumulating
// u8*s8 products exactly in s32. Without VNNI, oneDNN pairs products in a
// saturating s16 (vpmaddubsw): exact only while 2*255*|w| <= 32767, i.e. for
// weights within +-63 ("7-bit weights").
bool OnednnHasInt8Vnni();

// The instruction set oneDNN uses on this CPU under any ONEDNN_MAX_CPU_ISA
// cap, e.g. "avx2" or "avx512_core_vnni".
std::string OnednnIsaName();

// The highest ISA of mint8's own x86 kernels to use: what is built in and
// the CPU runs, capped where oneDNN is (ONEDNN_MAX_CPU_ISA=AVX2 takes both
// onto the AVX2 path).
Isa OwnKernelIsa();

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_ENGINE_H_
