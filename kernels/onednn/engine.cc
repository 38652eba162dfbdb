#include "kernels/onednn/engine.h"

#include <algorithm>

#include "absl/strings/match.h"

namespace mint8::kernels::onednn {

const dnnl::engine& CpuEngine() {
  static const dnnl::engine* const engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

std::string ImplementationName(const dnnl::primitive_desc_base& pd) {
  const char* name = pd.impl_info_str();
  return name == nullptr ? std::string() : std::string(name);
}

bool IsReferenceImplementation(absl::string_view implementation_name) {
  return absl::StartsWith(implementation_name, "ref") || absl::StrContains(implementation_name, ":ref:") ||
         absl::EndsWith(implementation_name, ":ref");
}

bool OnednnHasInt8Vnni() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::avx512_core_vnni:
    case dnnl::cpu_isa::avx512_core_bf16:
    case dnnl::cpu_isa::avx512_core_amx:
    case dnnl::cpu_isa::avx2_vnni:
      return true;
    default:
      return false;
  }
}

std::string OnednnIsaName() {
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::sse41:
      return "sse41";
    case dnnl::cpu_isa::avx:
      return "avx";
    case dnnl::cpu_isa::avx2:
      return "avx2";
    case dnnl::cpu_isa::avx2_vnni:
      return "avx2_vnni";
    case dnnl::cpu_isa::avx512_core:
      return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni:
      return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16:
      return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx:
      return "avx512_core_amx";
    default:
      return "other";
  }
}

Isa OwnKernelIsa() {
  Isa cap = Isa::kGeneric;
  switch (dnnl::get_effective_cpu_isa()) {
    case dnnl::cpu_isa::avx2:
    case dnnl::cpu_isa::avx2_vnni:
      cap = Isa::kAvx2;
      break;
    case dnnl::cpu_isa::avx512_core:
      cap = Isa::kAvx512;
      break;
    case dnnl::cpu_isa::avx512_core_vnni:
    case dnnl::cpu_isa::avx512_core_bf16:
    case dnnl::cpu_isa::avx512_core_amx:
      cap = Isa::kAvx512Vnni;
      break;
    default:
      break;
  }
  return std::min(cap, BestAvailableIsa());
}

}  // namespace mint8::kernels::onednn
