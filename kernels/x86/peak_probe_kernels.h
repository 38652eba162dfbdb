// Register-resident multiply-accumulate loops, one per ISA, for measuring a
// core's peak FP32 FMA and INT8 MAC rates. Each returns the number of
// multiply-accumulates it performed (so the work cannot be optimized away)
// for `iterations` trips through its unrolled loop body.
#ifndef MINT8_KERNELS_X86_PEAK_PROBE_KERNELS_H_
#define MINT8_KERNELS_X86_PEAK_PROBE_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

double Fp32MacsGeneric(int64_t iterations);
double Int8MacsGeneric(int64_t iterations);
double Fp32MacsAvx2(int64_t iterations);        // vfmadd231ps ymm
double Int8MacsAvx2(int64_t iterations);        // vpmaddubsw + vpmaddwd + vpaddd ymm
double Fp32MacsAvx512(int64_t iterations);      // vfmadd231ps zmm
double Int8MacsAvx512(int64_t iterations);      // vpmaddubsw + vpmaddwd + vpaddd zmm
double Int8MacsAvx512Vnni(int64_t iterations);  // vpdpbusd zmm

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_PEAK_PROBE_KERNELS_H_
