// DepthwiseConvInt8: mint8's own INT8 depthwise convolution on channels-last
// (NHWC) tensors, with the requantization and a clamp-type activation fused:
//
//   acc[c]  = bias[c] + sum_taps (x - src_zero_point) * w[c, tap]   (exact, s32;
//             padding reads src_zero_point, i.e. a real zero)
//   v[c]    = float(acc[c]) * scale[c]
//   v[c]    = act(v[c]) * post_scale                 (with an activation act only)
//   y[c]    = saturate(round_half_even(clamp(v[c], low, high)) + dst_zero_point)
//
// where act is HardSwish, v * min(max(v + 3, 0), 6) * (1/6) in that order, or
// SiLU, SiluReference(v) (vector_math.h).
//
// u8 or s8 source and destination, s8 weights, any kernel size up to 7x7,
// any stride, no dilation. oneDNN's INT8 depthwise kernels are slower than
// its FP32 ones on AVX2 and take a slow path for s8 sources; this one runs
// every combination at the same speed.
//
//   DepthwiseConvParams p = ...;
//   auto conv = DepthwiseConvInt8::Create(p, BestAvailableIsa());
//   conv->Run(src_nhwc, dst_nhwc);   // thread-safe; OpenMP threads over rows
//
// Every ISA variant computes exactly what DepthwiseConvInt8Reference does
// (depthwise_conv_test holds them to it, bit for bit).
#ifndef MINT8_KERNELS_X86_DEPTHWISE_CONV_H_
#define MINT8_KERNELS_X86_DEPTHWISE_CONV_H_

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "kernels/x86/cpu_features.h"
#include "kernels/x86/depthwise_conv_kernels.h"

namespace mint8::x86 {

struct DepthwiseConvParams {
  int64_t batch = 1, channels = 0;
  int64_t in_h = 0, in_w = 0, out_h = 0, out_w = 0;
  int kernel_h = 3, kernel_w = 3;
  int stride_h = 1, stride_w = 1;
  int pad_top = 0, pad_left = 0;  // the bottom/right padding follows from out_h/out_w
  bool src_signed = false;        // s8 source (else u8)
  bool dst_signed = false;        // s8 destination (else u8)
  int32_t src_zero_point = 0;
  int32_t dst_zero_point = 0;
  std::vector<int8_t> weights;  // [channels, kernel_h, kernel_w]
  std::vector<int32_t> bias;    // [channels], or empty
  std::vector<float> scales;    // [channels]: accumulator to output units
  // The activation as a clamp in output units (before the zero point); use
  // large finite bounds (within +-2^30) for none.
  float low = -1e9f, high = 1e9f;
  // An activation on the real values (scales then give real units,
  // post_scale output units) before the clamp.
  enum class Activation { kNone, kHardSwish, kSilu };
  Activation activation = Activation::kNone;
  float post_scale = 1.f;
};

// Rejects what the kernel does not cover (sizes, zero points out of range,
// wrong vector lengths) with InvalidArgument.
absl::Status ValidateDepthwiseConv(const DepthwiseConvParams& p);

// The oracle: a direct loop over the formula above.
void DepthwiseConvInt8Reference(const DepthwiseConvParams& p, const void* src, void* dst);

class DepthwiseConvInt8 {
 public:
  // Packs the weights once for the kernel of `isa` (the highest variant at or
  // below it that was built and that the CPU runs).
  static absl::StatusOr<std::unique_ptr<DepthwiseConvInt8>> Create(const DepthwiseConvParams& p, Isa isa);

  // src: [batch, in_h, in_w, channels], dst: [batch, out_h, out_w, channels].
  void Run(const void* src, void* dst) const;
  // For a 1x1 window at stride 1 without padding (pointwise()): the source
  // is the channel concatenation of `sources` (each [batch, in_h, in_w,
  // channels[i]], the channels summing to params().channels), read where
  // the parts lie instead of copied together first.
  void RunConcatenated(absl::Span<const void* const> sources, absl::Span<const int64_t> channels,
                       void* dst) const;
  bool pointwise() const;
  // The variant that runs: "avx512_vnni", "avx2" or "generic".
  Isa isa() const { return isa_; }
  const DepthwiseConvParams& params() const { return params_; }

 private:
  // Weights, bias and scales laid out for one variant's loop.
  struct Packed {
    int64_t channels = 0;           // as the loop sees them (64 for a strip, below)
    int64_t bytewise_channels = 0;  // AVX-512 VNNI: the rest take the widening tail loop
    std::vector<int32_t> weights, bias, tail_weights, tail_bias;
    std::vector<float> scales, tail_scales;
    std::vector<float> float_weights, float_bias;  // AVX2 (DepthwiseFloatArgs)
    int64_t largest_sum = 0;                       // AVX2: a bound on |accumulator|
  };

  // The kernel rows [ky_begin, ky_end) that fall inside the image for an
  // output row: rows of padding are skipped, not multiplied by the zero
  // point (a 5x5 kernel on a 2-row image reads 2 of its 5 rows).
  struct RowWindow {
    int ky_begin = 0, ky_end = 0;
    bool operator==(const RowWindow& o) const { return ky_begin == o.ky_begin && ky_end == o.ky_end; }
  };
  // Everything the loops read for the output rows of one window: the taps
  // of its rows only, and biases that fold the zero point over those taps.
  struct WindowKernel {
    RowWindow window;
    Packed packed;
    // AVX-512 VNNI with stride 1 and channels dividing 64: the pixels of a
    // row are contiguous, so one 64-byte vector holds 64 / channels of them
    // and a run of pixels is a run of 64 "channels" with the weights repeated.
    std::optional<Packed> strip;
    DepthwisePixelArgs args, strip_args;  // point into packed / strip
    DepthwiseFloatArgs float_args;        // AVX2, points into packed
    DepthwiseQuadArgs quad_args;          // AVX-512 VNNI with quad rows, points into packed
  };

  DepthwiseConvInt8(DepthwiseConvParams p, Isa isa);
  DepthwiseConvInt8(const DepthwiseConvInt8&) = delete;
  DepthwiseConvInt8& operator=(const DepthwiseConvInt8&) = delete;
  RowWindow WindowOf(int64_t oh) const;
  // The AVX2 loop's layout (DepthwiseFloatArgs::weights).
  Packed PackForFloatTaps(RowWindow w) const;
  DepthwiseFloatArgs FloatArgs(const Packed& packed, RowWindow w) const;
  // The AVX-512 VNNI quad-row loop's (DepthwiseQuadArgs::weights).
  Packed PackForQuadTaps(RowWindow w) const;
  DepthwiseQuadArgs QuadArgs(const Packed& packed, RowWindow w) const;
  // The AVX-512 VNNI loop's (see its source file) for `channels` channels,
  // channel v reading the weights of channel v % params_.channels.
  Packed PackForBytewiseDot(int64_t channels, RowWindow w) const;
  // Channel c's bias with the source zero point (and `source_offset`, added
  // to every source byte by the kernel) folded in over the window's taps.
  int32_t FoldedBias(int64_t c, int32_t source_offset, RowWindow w) const;
  // Weight of channel c at the window's tap k (its rows only).
  int8_t WindowWeight(int64_t c, RowWindow w, int64_t k) const;
  DepthwisePixelArgs Args(const Packed& packed, RowWindow w) const;
  void RunRow(const uint8_t* src, uint8_t* dst, int64_t row) const;
  // Channels [first, first + channels) of `pixels` pixels of a pointwise
  // convolution, from a source of `channels` channels per pixel into dst
  // (params().channels per pixel, already offset by `first`): the AVX2 loop
  // where pointwise_, else the generic one.
  void RunPointwisePart(const uint8_t* src, int64_t channels, int64_t first, uint8_t* dst,
                        int64_t pixels) const;
  // Output rows [begin, end) on the AVX2 loop, each source row rewritten as
  // a float row once (RunRowsFromRing).
  void RunFloatRows(const uint8_t* src, uint8_t* dst, int64_t begin, int64_t end) const;
  // The same on the AVX-512 VNNI quad-row loop.
  void RunQuadRows(const uint8_t* src, uint8_t* dst, int64_t begin, int64_t end) const;
  // Output rows [begin, end), each source row rewritten once by `build` into
  // a per-thread ring of kernel_h slots of `slot_size` values, then read by
  // `row_loop` for every output row that needs it.
  template <typename T, typename Build, typename RowLoop>
  void RunRowsFromRing(const uint8_t* src, uint8_t* dst, int64_t begin, int64_t end, int64_t slot_size,
                       Build build, RowLoop row_loop) const;
  void Pixels(const DepthwisePixelArgs& args, const uint8_t* const* taps, int64_t step, int64_t pixels,
              uint8_t* dst) const;

  DepthwiseConvParams params_;
  Isa isa_;
  // One per distinct window (the interior rows share one); a deque keeps
  // the packed vectors where the args point.
  std::deque<WindowKernel> kernels_;
  std::vector<const WindowKernel*> row_kernel_;  // per output row
  std::vector<uint8_t> padding_;                 // a row of src_zero_point, what padded columns read
  // AVX2, a 1x1 window at stride 1 without padding (a BatchNorm as a
  // depthwise conv): pixel after pixel, no float rows.
  bool pointwise_ = false;
  DepthwisePointwiseArgs pointwise_args_;
  DepthwiseFloatRowArgs float_row_args_;  // AVX2
  int64_t float_row_values_ = 0;
  // AVX-512 VNNI: quad rows (horizontal strides 1 and 2, unless the strip
  // layout applies), else runs of pixels from tap pointers.
  bool quad_rows_ = false;
  DepthwiseQuadRowArgs quad_row_args_;
  int64_t quad_row_bytes_ = 0;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_DEPTHWISE_CONV_H_
