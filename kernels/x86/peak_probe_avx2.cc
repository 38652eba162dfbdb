#include <immintrin.h>

#include "kernels/x86/peak_probe_kernels.h"

namespace mint8::x86 {

double Fp32MacsAvx2(int64_t iterations) {
  constexpr int kAcc = 12;  // enough independent chains to hide FMA latency
  __m256 acc[kAcc];
  #pragma GCC unroll 16
  for (int j = 0; j < kAcc; ++j) acc[j] = _mm256_set1_ps(static_cast<float>(j));
  const __m256 a = _mm256_set1_ps(1.0000001f), b = _mm256_set1_ps(0.9999999f);
  for (int64_t i = 0; i < iterations; ++i) {
    #pragma GCC unroll 16
    for (int j = 0; j < kAcc; ++j) acc[j] = _mm256_fmadd_ps(acc[j], a, b);
  }
  __m256 sum = acc[0];
  for (int j = 1; j < kAcc; ++j) sum = _mm256_add_ps(sum, acc[j]);
  volatile float sink = _mm256_cvtss_f32(sum);
  (void)sink;
  return static_cast<double>(iterations) * kAcc * 8;
}

double Int8MacsAvx2(int64_t iterations) {
  // As a convolution's inner loop: 2 activation vectors times 3 weight
  // vectors into 6 accumulators, every product distinct. Written in assembly
  // because compilers spill this many live ymm registers to the stack (which
  // measured at half the rate) or drop products they can prove constant.
  if (iterations <= 0) return 0;
  __m256i c00 = _mm256_set1_epi32(0), c01 = _mm256_set1_epi32(1), c02 = _mm256_set1_epi32(2);
  __m256i c10 = _mm256_set1_epi32(3), c11 = _mm256_set1_epi32(4), c12 = _mm256_set1_epi32(5);
  const __m256i a0 = _mm256_set1_epi8(3), a1 = _mm256_set1_epi8(5);
  const __m256i w0 = _mm256_set1_epi8(-2), w1 = _mm256_set1_epi8(7), w2 = _mm256_set1_epi8(-9);
  const __m256i ones = _mm256_set1_epi16(1);
  int64_t n = iterations;
  __asm__ volatile(
      ".p2align 5\n\t"
      "1:\n\t"
      "vpmaddubsw %[w0], %[a0], %%ymm12\n\t"
      "vpmaddubsw %[w1], %[a0], %%ymm13\n\t"
      "vpmaddubsw %[w2], %[a0], %%ymm14\n\t"
      "vpmaddubsw %[w0], %[a1], %%ymm15\n\t"
      "vpmaddwd %[ones], %%ymm12, %%ymm12\n\t"
      "vpmaddwd %[ones], %%ymm13, %%ymm13\n\t"
      "vpmaddwd %[ones], %%ymm14, %%ymm14\n\t"
      "vpmaddwd %[ones], %%ymm15, %%ymm15\n\t"
      "vpaddd %%ymm12, %[c00], %[c00]\n\t"
      "vpaddd %%ymm13, %[c01], %[c01]\n\t"
      "vpaddd %%ymm14, %[c02], %[c02]\n\t"
      "vpaddd %%ymm15, %[c10], %[c10]\n\t"
      "vpmaddubsw %[w1], %[a1], %%ymm12\n\t"
      "vpmaddubsw %[w2], %[a1], %%ymm13\n\t"
      "vpmaddwd %[ones], %%ymm12, %%ymm12\n\t"
      "vpmaddwd %[ones], %%ymm13, %%ymm13\n\t"
      "vpaddd %%ymm12, %[c11], %[c11]\n\t"
      "vpaddd %%ymm13, %[c12], %[c12]\n\t"
      "dec %[n]\n\t"
      "jnz 1b\n\t"
      : [c00] "+x"(c00), [c01] "+x"(c01), [c02] "+x"(c02), [c10] "+x"(c10), [c11] "+x"(c11),
        [c12] "+x"(c12), [n] "+r"(n)
      : [a0] "x"(a0), [a1] "x"(a1), [w0] "x"(w0), [w1] "x"(w1), [w2] "x"(w2), [ones] "x"(ones)
      : "xmm12", "xmm13", "xmm14", "xmm15", "cc");
  const __m256i sum = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(c00, c01), _mm256_add_epi32(c02, c10)),
                                       _mm256_add_epi32(c11, c12));
  volatile int sink = _mm256_extract_epi32(sum, 0);
  (void)sink;
  return static_cast<double>(iterations) * 6 * 32;
}

}  // namespace mint8::x86
