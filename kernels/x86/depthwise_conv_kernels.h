// The per-ISA inner loops of DepthwiseConvInt8 (depthwise_conv.h). The
// AVX-512 VNNI loops compute an output row from "quad rows" (strides 1 and
// 2) or a run of output pixels from precomputed tap pointers; the AVX2 loop
// computes an output row from "float rows" (below).
// Either way the geometry (which rows, padding) stays in portable code.
#ifndef MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNELS_H_
#define MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNELS_H_

#include <cstdint>

namespace mint8::x86 {

// The activations on real values, as integers for template parameters.
inline constexpr int kClampOnly = 0, kHardSwish = 1, kSilu = 2;

// How an accumulator becomes an output byte (the formula of depthwise_conv.h).
struct DepthwiseEpilogue {
  int activation = kClampOnly;
  float post_scale = 1.f;
  float low = 0.f, high = 0.f;
  int32_t zero_point = 0;
  bool dst_signed = false;
};

// Accumulator `acc` of a channel with scale `scale` as its output byte, one
// value at a time: the reference's epilogue, and the per-ISA loops' for
// channels past their last full vector.
uint8_t DepthwiseRequantize(const DepthwiseEpilogue& e, int32_t acc, float scale);

struct DepthwisePixelArgs {
  int64_t channels = 0;
  int taps = 0;                      // kernel_h * kernel_w
  const int32_t* weights = nullptr;  // packed for the variant (DepthwiseConvInt8::Pack*)
  const int32_t* bias = nullptr;     // [ceil(channels / block) * block], in the variant's order
  const float* scales = nullptr;     // same length and order
  // AVX-512 VNNI: channels from `bytewise_channels` on (at most 32) take a
  // widening loop, 16 per vector: weights [tail block][taps][16] (s8 in
  // the low half of each s32), bias and scales in channel order.
  int64_t bytewise_channels = 0;
  const int32_t* tail_weights = nullptr;
  const int32_t* tail_bias = nullptr;
  const float* tail_scales = nullptr;
  bool src_signed = false;
  DepthwiseEpilogue epilogue;
};

// Output pixel p (of `pixels`) reads tap t's `channels` source bytes at
// taps[t] + p * step and writes `channels` bytes at dst + p * channels.
void DepthwisePixelsAvx512Vnni(const DepthwisePixelArgs& args, const uint8_t* const* taps, int64_t step,
                               int64_t pixels, uint8_t* dst);

// The AVX-512 VNNI loop for horizontal strides 1 and 2 reads source rows as
// quad rows, so that one vpdpbusd lane sums four taps of one channel (four
// times the products of one byte per lane). For padded column j (column j
// - pad_left of the source; built where j % column_step == 0) and block b of
// 64 channels, 256 bytes at quad_row + (j * blocks + b) * 256: vector k (64
// bytes) lane i holds, in its bytes t = 0..3, channel 64b + 16 (i / 4) + 4k
// + i % 4 of padded column j + t. Columns outside the image read `padding`
// (a row of the zero point); s8 sources are flipped to u8 (x ^ 0x80), and
// channels past the last are don't-cares that meet zero weights.
struct DepthwiseQuadRowArgs {
  int64_t channels = 0, in_w = 0;
  int pad_left = 0;
  int64_t columns = 0;  // padded columns [0, columns) are built
  int column_step = 1;
  bool src_signed = false;
  const uint8_t* padding = nullptr;  // at least `channels` bytes
};
void DepthwiseQuadRowAvx512Vnni(const DepthwiseQuadRowArgs& args, const uint8_t* src_row, uint8_t* quad_row);

// One output row from the quad rows of its kernel rows: output pixel x reads
// kernel row r's quad q at padded column x * stride + 4q.
struct DepthwiseQuadArgs {
  int64_t channels = 0, blocks = 0;  // blocks = ceil(channels / 64)
  int64_t out_w = 0;
  int stride = 1;                    // horizontal
  int rows = 0;                      // kernel rows read (the window's)
  int quads = 0;                     // per kernel row: ceil(kernel_w / 4)
  const int32_t* weights = nullptr;  // [blocks][rows][quads][vector k][lane i]: taps 4q..4q+3 as bytes
  const int32_t* bias = nullptr;     // [blocks][k][i], the zero point (flipped) folded in
  const float* scales = nullptr;     // [blocks][k][i]
  DepthwiseEpilogue epilogue;
};
void DepthwiseQuadRowConvAvx512Vnni(const DepthwiseQuadArgs& args, const uint8_t* const* quad_rows,
                                    uint8_t* dst);

// The AVX2 loop reads source rows as float rows: for padded column j
// (source column j - pad_left, the zero point outside the image; built for
// j < columns) and block b of 8 channels, 8 floats at float_row + (b *
// columns + j) * 8, the channels' values (0 past the last channel).
struct DepthwiseFloatRowArgs {
  int64_t channels = 0, in_w = 0;
  int pad_left = 0;
  int64_t columns = 0;
  int32_t zero_point = 0;
  bool src_signed = false;
};
void DepthwiseFloatRowAvx2(const DepthwiseFloatRowArgs& args, const uint8_t* src_row, float* float_row);

// One output row from the float rows of its kernel rows: output pixel x
// reads kernel row r's padded columns x * stride .. x * stride + kernel_w - 1.
struct DepthwiseFloatArgs {
  int64_t channels = 0, blocks = 0;  // blocks = ceil(channels / 8)
  int64_t out_w = 0, columns = 0;    // columns of the float rows
  int stride = 1;                    // horizontal
  int rows = 0;                      // kernel rows read (the window's)
  int kernel_w = 0;
  const float* weights = nullptr;  // [blocks][rows][kernel_w][8 channels]
  // The bias with the zero point folded in over the window's taps
  // ([blocks * 8]): as floats where every partial sum, bias included, stays
  // below 2^24 in magnitude (then the accumulators start from it), else as
  // integers added after the products (int_bias, else null).
  const float* bias = nullptr;
  const int32_t* int_bias = nullptr;
  const float* scales = nullptr;  // [blocks * 8]
  DepthwiseEpilogue epilogue;
  // Whether to clamp at epilogue.low / high; false where the saturating
  // packs give the same bytes: the bound lies beyond the byte range and, for
  // high, no value reaches 2^31, where the conversion to integers wraps.
  bool clamp_low = true, clamp_high = true;
};
void DepthwiseFloatRowConvAvx2(const DepthwiseFloatArgs& args, const float* const* float_rows, uint8_t* dst);

// A 1x1 window at stride 1 without padding: output pixel p's channels from
// source pixel p's alone, so no row is rewritten first. Pixels lie
// src_stride and dst_stride bytes apart, which lets a pass read or write
// the channel range of a wider tensor. `conv` as for
// DepthwiseFloatRowConvAvx2 with one row and kernel_w 1 (weights, bias and
// scales in channel order).
struct DepthwisePointwiseArgs {
  DepthwiseFloatArgs conv;
  bool src_signed = false;
  int64_t src_stride = 0, dst_stride = 0;
};
void DepthwisePointwiseAvx2(const DepthwisePointwiseArgs& args, const uint8_t* src, uint8_t* dst,
                            int64_t pixels);

// Each loop's vector e^x (vector_math.h) on n values (n a multiple of 16),
// for tests that hold them to ExpReference bit for bit.
void DepthwiseExpAvx2(const float* x, float* y, int64_t n);
void DepthwiseExpAvx512Vnni(const float* x, float* y, int64_t n);
// The activation `activation` of real value v, times post_scale (scalar).
float DepthwiseActivation(int activation, float v, float post_scale);

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_DEPTHWISE_CONV_KERNELS_H_
