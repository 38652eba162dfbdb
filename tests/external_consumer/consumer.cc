// Builds against mint8's public targets from another workspace and uses them.
#include <cstdio>

#include "kernels/x86/cpu_features.h"

int main() {
  const mint8::CpuFeatures& cpu = mint8::GetCpuFeatures();
  std::printf("external consumer: CPU '%s', best mint8 kernel ISA: %s\n", cpu.brand.c_str(),
              mint8::IsaName(mint8::BestAvailableIsa()));
  return 0;
}
