// The per-ISA loops of Int8MatVec (int8_matvec.h).
#ifndef MINT8_KERNELS_X86_INT8_MATVEC_KERNELS_H_
#define MINT8_KERNELS_X86_INT8_MATVEC_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

// acc[o] = offset[o] + sum_{i < padded} x[i] * W[o][i] for o < outputs,
// exactly: x is 16-bit, W s8, `padded` a multiple of 16 (zero-filled). Rows
// 4g..4g+3 are interleaved in 16-byte pieces: W[4g + r][i] at
// w[4g * padded + (i / 16) * 64 + r * 16 + i % 16]; the rows after the last
// whole group at w[o * padded + i].
void Int8MatVecAvx2Loop(const int16_t* x, const int8_t* w, const int32_t* offset, int64_t padded,
                        int64_t outputs, int32_t* acc);

// acc[o] = offset[o] + sum_{i < padded} x[i] * w[o * padded + i] for o < outputs,
// exactly, with vpdpbusd: x is u8, w s8, `padded` a multiple of 64
// (zero-filled).
void Int8MatVecAvx512VnniLoop(const uint8_t* x, const int8_t* w, const int32_t* offset, int64_t padded,
                              int64_t outputs, int32_t* acc);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_INT8_MATVEC_KERNELS_H_
