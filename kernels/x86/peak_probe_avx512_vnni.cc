#include "kernels/x86/x86_intrinsics.h"

// GCC 12's AVX-512 intrinsics start from _mm512_undefined_*(), which its own
// -Wuninitialized reports wherever they inline (GCC bug 105593, fixed in
// GCC 13): silenced for this file only.
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include "kernels/x86/peak_probe_kernels.h"

namespace mint8::x86 {

double Int8MacsAvx512Vnni(int64_t iterations) {
  // As a convolution's inner loop: 3 activation vectors times 6 weight
  // vectors into 18 accumulators, every product distinct. Written in
  // assembly: compiled from intrinsics, the loop copied its accumulators
  // through the stack and measured 340 GMAC/s on a Zen 5 core whose oneDNN 3x3
  // convolutions ran at 440-500; this loop measures 430-440 there.
  if (iterations <= 0) return 0;
  alignas(64) int8_t in[9][64];  // activations, then weights
  const int8_t values[9] = {3, 5, 6, -2, 7, -9, 4, -5, 11};
  for (int v = 0; v < 9; ++v)
    for (int i = 0; i < 64; ++i) in[v][i] = values[v];
  alignas(64) int32_t out[18][16];
  int64_t n = iterations;
  __asm__ volatile(
      "vmovdqu64 0(%[in]), %%zmm18\n\t"
      "vmovdqu64 64(%[in]), %%zmm19\n\t"
      "vmovdqu64 128(%[in]), %%zmm20\n\t"
      "vmovdqu64 192(%[in]), %%zmm21\n\t"
      "vmovdqu64 256(%[in]), %%zmm22\n\t"
      "vmovdqu64 320(%[in]), %%zmm23\n\t"
      "vmovdqu64 384(%[in]), %%zmm24\n\t"
      "vmovdqu64 448(%[in]), %%zmm25\n\t"
      "vmovdqu64 512(%[in]), %%zmm26\n\t"
      "vpxord %%zmm0, %%zmm0, %%zmm0\n\t"
      "vpxord %%zmm1, %%zmm1, %%zmm1\n\t"
      "vpxord %%zmm2, %%zmm2, %%zmm2\n\t"
      "vpxord %%zmm3, %%zmm3, %%zmm3\n\t"
      "vpxord %%zmm4, %%zmm4, %%zmm4\n\t"
      "vpxord %%zmm5, %%zmm5, %%zmm5\n\t"
      "vpxord %%zmm6, %%zmm6, %%zmm6\n\t"
      "vpxord %%zmm7, %%zmm7, %%zmm7\n\t"
      "vpxord %%zmm8, %%zmm8, %%zmm8\n\t"
      "vpxord %%zmm9, %%zmm9, %%zmm9\n\t"
      "vpxord %%zmm10, %%zmm10, %%zmm10\n\t"
      "vpxord %%zmm11, %%zmm11, %%zmm11\n\t"
      "vpxord %%zmm12, %%zmm12, %%zmm12\n\t"
      "vpxord %%zmm13, %%zmm13, %%zmm13\n\t"
      "vpxord %%zmm14, %%zmm14, %%zmm14\n\t"
      "vpxord %%zmm15, %%zmm15, %%zmm15\n\t"
      "vpxord %%zmm16, %%zmm16, %%zmm16\n\t"
      "vpxord %%zmm17, %%zmm17, %%zmm17\n\t"
      ".p2align 5\n\t"
      "1:\n\t"
      "vpdpbusd %%zmm21, %%zmm18, %%zmm0\n\t"
      "vpdpbusd %%zmm22, %%zmm18, %%zmm1\n\t"
      "vpdpbusd %%zmm23, %%zmm18, %%zmm2\n\t"
      "vpdpbusd %%zmm24, %%zmm18, %%zmm3\n\t"
      "vpdpbusd %%zmm25, %%zmm18, %%zmm4\n\t"
      "vpdpbusd %%zmm26, %%zmm18, %%zmm5\n\t"
      "vpdpbusd %%zmm21, %%zmm19, %%zmm6\n\t"
      "vpdpbusd %%zmm22, %%zmm19, %%zmm7\n\t"
      "vpdpbusd %%zmm23, %%zmm19, %%zmm8\n\t"
      "vpdpbusd %%zmm24, %%zmm19, %%zmm9\n\t"
      "vpdpbusd %%zmm25, %%zmm19, %%zmm10\n\t"
      "vpdpbusd %%zmm26, %%zmm19, %%zmm11\n\t"
      "vpdpbusd %%zmm21, %%zmm20, %%zmm12\n\t"
      "vpdpbusd %%zmm22, %%zmm20, %%zmm13\n\t"
      "vpdpbusd %%zmm23, %%zmm20, %%zmm14\n\t"
      "vpdpbusd %%zmm24, %%zmm20, %%zmm15\n\t"
      "vpdpbusd %%zmm25, %%zmm20, %%zmm16\n\t"
      "vpdpbusd %%zmm26, %%zmm20, %%zmm17\n\t"
      "dec %[n]\n\t"
      "jnz 1b\n\t"
      "vmovdqu64 %%zmm0, 0(%[out])\n\t"
      "vmovdqu64 %%zmm1, 64(%[out])\n\t"
      "vmovdqu64 %%zmm2, 128(%[out])\n\t"
      "vmovdqu64 %%zmm3, 192(%[out])\n\t"
      "vmovdqu64 %%zmm4, 256(%[out])\n\t"
      "vmovdqu64 %%zmm5, 320(%[out])\n\t"
      "vmovdqu64 %%zmm6, 384(%[out])\n\t"
      "vmovdqu64 %%zmm7, 448(%[out])\n\t"
      "vmovdqu64 %%zmm8, 512(%[out])\n\t"
      "vmovdqu64 %%zmm9, 576(%[out])\n\t"
      "vmovdqu64 %%zmm10, 640(%[out])\n\t"
      "vmovdqu64 %%zmm11, 704(%[out])\n\t"
      "vmovdqu64 %%zmm12, 768(%[out])\n\t"
      "vmovdqu64 %%zmm13, 832(%[out])\n\t"
      "vmovdqu64 %%zmm14, 896(%[out])\n\t"
      "vmovdqu64 %%zmm15, 960(%[out])\n\t"
      "vmovdqu64 %%zmm16, 1024(%[out])\n\t"
      "vmovdqu64 %%zmm17, 1088(%[out])\n\t"
      : [n] "+r"(n)
      : [in] "r"(in), [out] "r"(out)
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11",
        "xmm12", "xmm13", "xmm14", "xmm15", "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22",
        "xmm23", "xmm24", "xmm25", "xmm26", "memory", "cc");
  volatile int32_t sink = 0;
  for (int i = 0; i < 18; ++i) sink = sink + out[i][0];
  return static_cast<double>(iterations) * 18 * 64;
}

}  // namespace mint8::x86
