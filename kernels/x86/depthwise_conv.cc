#include "kernels/x86/depthwise_conv.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <optional>

#include "absl/strings/str_cat.h"
#include "kernels/x86/depthwise_conv_kernels.h"
#include "kernels/x86/thread_ranges.h"
#include "kernels/x86/vector_math.h"

namespace mint8::x86 {
namespace {

constexpr int kMaxTaps = 49;

int64_t Taps(const DepthwiseConvParams& p) { return int64_t{p.kernel_h} * p.kernel_w; }

// The highest built-and-available variant at or below `isa`.
Isa VariantFor(Isa isa) {
  if (isa >= Isa::kAvx512Vnni && IsaAvailable(Isa::kAvx512Vnni)) return Isa::kAvx512Vnni;
  if (isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2)) return Isa::kAvx2;
  return Isa::kGeneric;
}

static_assert(static_cast<int>(DepthwiseConvParams::Activation::kHardSwish) == kHardSwish &&
              static_cast<int>(DepthwiseConvParams::Activation::kSilu) == kSilu);

DepthwiseEpilogue EpilogueOf(const DepthwiseConvParams& p) {
  DepthwiseEpilogue e;
  e.activation = static_cast<int>(p.activation);
  e.post_scale = p.post_scale;
  e.low = p.low;
  e.high = p.high;
  e.zero_point = p.dst_zero_point;
  e.dst_signed = p.dst_signed;
  return e;
}

}  // namespace

float DepthwiseActivation(int activation, float v, float post_scale) {
  if (activation == kHardSwish) return v * std::min(std::max(v + 3.f, 0.f), 6.f) * (1.f / 6.f) * post_scale;
  return SiluReference(v) * post_scale;
}

uint8_t DepthwiseRequantize(const DepthwiseEpilogue& e, int32_t acc, float scale) {
  float v = static_cast<float>(acc) * scale;
  if (e.activation != kClampOnly) v = DepthwiseActivation(e.activation, v, e.post_scale);
  v = std::min(std::max(v, e.low), e.high);
  const int32_t q = static_cast<int32_t>(std::nearbyint(v)) + e.zero_point;
  return static_cast<uint8_t>(e.dst_signed ? std::clamp(q, -128, 127) : std::clamp(q, 0, 255));
}

absl::Status ValidateDepthwiseConv(const DepthwiseConvParams& p) {
  const auto bad = [](auto... what) {
    return absl::InvalidArgumentError(absl::StrCat("depthwise conv: ", what...));
  };
  if (p.batch < 1 || p.channels < 1 || p.in_h < 1 || p.in_w < 1 || p.out_h < 1 || p.out_w < 1) {
    return bad("empty shape");
  }
  if (p.kernel_h < 1 || p.kernel_w < 1 || Taps(p) > kMaxTaps || p.stride_h < 1 || p.stride_w < 1) {
    return bad("kernel ", p.kernel_h, "x", p.kernel_w, " stride ", p.stride_h, "x", p.stride_w, " (at most ",
               kMaxTaps, " taps)");
  }
  if (p.pad_top < 0 || p.pad_left < 0 || p.pad_top >= p.kernel_h || p.pad_left >= p.kernel_w) {
    return bad("padding ", p.pad_top, ",", p.pad_left, " for a ", p.kernel_h, "x", p.kernel_w, " kernel");
  }
  const int32_t lo = p.src_signed ? -128 : 0;
  if (p.src_zero_point < lo || p.src_zero_point > lo + 255)
    return bad("source zero point ", p.src_zero_point);
  if (static_cast<int64_t>(p.weights.size()) != p.channels * Taps(p) ||
      (!p.bias.empty() && static_cast<int64_t>(p.bias.size()) != p.channels) ||
      static_cast<int64_t>(p.scales.size()) != p.channels) {
    return bad("weights, bias or scales of the wrong length");
  }
  if (!std::isfinite(p.post_scale) || !(p.low <= p.high) || std::fabs(p.low) > 0x1p30f ||
      std::fabs(p.high) > 0x1p30f) {
    return bad("clamp [", p.low, ", ", p.high, "] (finite, within 2^30)");
  }
  return absl::OkStatus();
}

void DepthwiseConvInt8Reference(const DepthwiseConvParams& p, const void* src_data, void* dst_data) {
  const DepthwiseEpilogue epilogue = EpilogueOf(p);
  const auto* src = static_cast<const uint8_t*>(src_data);
  auto* dst = static_cast<uint8_t*>(dst_data);
  const int64_t c_n = p.channels;
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t oh = 0; oh < p.out_h; ++oh) {
      for (int64_t ow = 0; ow < p.out_w; ++ow) {
        for (int64_t c = 0; c < c_n; ++c) {
          int32_t acc = p.bias.empty() ? 0 : p.bias[c];
          for (int ky = 0; ky < p.kernel_h; ++ky) {
            for (int kx = 0; kx < p.kernel_w; ++kx) {
              const int64_t ih = oh * p.stride_h - p.pad_top + ky, iw = ow * p.stride_w - p.pad_left + kx;
              int32_t x = p.src_zero_point;
              if (ih >= 0 && ih < p.in_h && iw >= 0 && iw < p.in_w) {
                const uint8_t byte = src[((n * p.in_h + ih) * p.in_w + iw) * c_n + c];
                x = p.src_signed ? static_cast<int8_t>(byte) : byte;
              }
              acc += (x - p.src_zero_point) * p.weights[(c * p.kernel_h + ky) * p.kernel_w + kx];
            }
          }
          dst[((n * p.out_h + oh) * p.out_w + ow) * c_n + c] =
              DepthwiseRequantize(epilogue, acc, p.scales[c]);
        }
      }
    }
  }
}

absl::StatusOr<std::unique_ptr<DepthwiseConvInt8>> DepthwiseConvInt8::Create(const DepthwiseConvParams& p,
                                                                             Isa isa) {
  if (absl::Status s = ValidateDepthwiseConv(p); !s.ok()) return s;
  return std::unique_ptr<DepthwiseConvInt8>(new DepthwiseConvInt8(p, VariantFor(isa)));
}

DepthwiseConvInt8::DepthwiseConvInt8(DepthwiseConvParams p, Isa isa) : params_(std::move(p)), isa_(isa) {
  if (isa_ == Isa::kGeneric) return;
  padding_.assign(std::max<int64_t>(params_.in_w * params_.channels, 64),
                  static_cast<uint8_t>(params_.src_zero_point));
  float_row_args_.channels = params_.channels;
  float_row_args_.in_w = params_.in_w;
  float_row_args_.pad_left = params_.pad_left;
  float_row_args_.columns = (params_.out_w - 1) * params_.stride_w + params_.kernel_w;
  float_row_args_.zero_point = params_.src_zero_point;
  float_row_args_.src_signed = params_.src_signed;
  float_row_values_ = float_row_args_.columns * (params_.channels + 7) / 8 * 8;
  pointwise_ = isa_ == Isa::kAvx2 && pointwise();
  if (pointwise_) {
    WindowKernel& k = kernels_.emplace_back();
    k.window = RowWindow{0, 1};
    k.packed = PackForFloatTaps(k.window);
    // A part of a concatenation (RunConcatenated) may start inside a block
    // of 8 and read a vector past the last channel.
    for (auto* v : {&k.packed.float_weights, &k.packed.scales}) v->resize(v->size() + 8, 0.f);
    k.packed.bias.resize(k.packed.bias.size() + 8, 0);
    if (!k.packed.float_bias.empty()) k.packed.float_bias.resize(k.packed.float_bias.size() + 8, 0.f);
    pointwise_args_.conv = FloatArgs(k.packed, k.window);
    pointwise_args_.src_signed = params_.src_signed;
    pointwise_args_.src_stride = pointwise_args_.dst_stride = params_.channels;
    return;
  }
  const bool strips = params_.stride_w == 1 && params_.channels < 64 && 64 % params_.channels == 0;
  quad_rows_ = isa_ == Isa::kAvx512Vnni && !strips && params_.stride_w <= 2;
  if (quad_rows_) {
    const int quads = (params_.kernel_w + 3) / 4;
    quad_row_args_.channels = params_.channels;
    quad_row_args_.in_w = params_.in_w;
    quad_row_args_.pad_left = params_.pad_left;
    quad_row_args_.columns = (params_.out_w - 1) * params_.stride_w + 4 * (quads - 1) + 1;
    quad_row_args_.column_step = params_.stride_w;
    quad_row_args_.src_signed = params_.src_signed;
    quad_row_args_.padding = padding_.data();
    quad_row_bytes_ = quad_row_args_.columns * (params_.channels + 63) / 64 * 256;
  }
  for (int64_t oh = 0; oh < params_.out_h; ++oh) {
    const RowWindow w = WindowOf(oh);
    auto it =
        std::find_if(kernels_.begin(), kernels_.end(), [&](const WindowKernel& k) { return k.window == w; });
    if (it == kernels_.end()) {
      WindowKernel& k = kernels_.emplace_back();
      k.window = w;
      if (isa_ != Isa::kAvx512Vnni) {
        k.packed = PackForFloatTaps(w);
        k.float_args = FloatArgs(k.packed, w);
      } else if (quad_rows_) {
        k.packed = PackForQuadTaps(w);
        k.quad_args = QuadArgs(k.packed, w);
      } else {
        k.packed = PackForBytewiseDot(params_.channels, w);
        if (strips) k.strip = PackForBytewiseDot(64, w);
      }
      k.args = Args(k.packed, w);
      if (k.strip) k.strip_args = Args(*k.strip, w);
      it = kernels_.end() - 1;
    }
    row_kernel_.push_back(&*it);
  }
}

DepthwiseConvInt8::RowWindow DepthwiseConvInt8::WindowOf(int64_t oh) const {
  const int64_t top = oh * params_.stride_h - params_.pad_top;  // input row of kernel row 0
  RowWindow w;
  w.ky_begin = static_cast<int>(std::clamp<int64_t>(-top, 0, params_.kernel_h));
  w.ky_end = static_cast<int>(std::clamp<int64_t>(params_.in_h - top, w.ky_begin, params_.kernel_h));
  return w;
}

int8_t DepthwiseConvInt8::WindowWeight(int64_t c, RowWindow w, int64_t k) const {
  return params_.weights[c * Taps(params_) + w.ky_begin * params_.kernel_w + k];
}

int32_t DepthwiseConvInt8::FoldedBias(int64_t c, int32_t source_offset, RowWindow w) const {
  const int64_t taps = (w.ky_end - w.ky_begin) * params_.kernel_w;
  int32_t weight_sum = 0;
  for (int64_t k = 0; k < taps; ++k) weight_sum += WindowWeight(c, w, k);
  const int32_t bias = params_.bias.empty() ? 0 : params_.bias[c];
  return bias - (params_.src_zero_point + source_offset) * weight_sum;
}

DepthwiseConvInt8::Packed DepthwiseConvInt8::PackForFloatTaps(RowWindow w) const {
  constexpr int64_t kBlock = 8;
  const int64_t blocks = (params_.channels + kBlock - 1) / kBlock, rows = w.ky_end - w.ky_begin;
  const int64_t taps = rows * params_.kernel_w;
  Packed packed;
  packed.channels = params_.channels;
  packed.float_weights.assign(blocks * taps * kBlock, 0.f);
  packed.bias.assign(blocks * kBlock, 0);
  packed.scales.assign(blocks * kBlock, 0.f);
  // The largest partial sum: the bias and every product at its largest
  // (a u8 source byte times -128).
  int64_t largest_sum = 0;
  for (int64_t c = 0; c < params_.channels; ++c) {
    for (int64_t k = 0; k < taps; ++k)
      packed.float_weights[(c / kBlock * taps + k) * kBlock + c % kBlock] = WindowWeight(c, w, k);
    packed.bias[c] = FoldedBias(c, 0, w);
    packed.scales[c] = params_.scales[c];
    largest_sum = std::max(largest_sum, std::abs(int64_t{packed.bias[c]}) + taps * 255 * 128);
  }
  if (largest_sum < (int64_t{1} << 24)) packed.float_bias.assign(packed.bias.begin(), packed.bias.end());
  packed.largest_sum = largest_sum;
  return packed;
}

DepthwiseFloatArgs DepthwiseConvInt8::FloatArgs(const Packed& packed, RowWindow w) const {
  DepthwiseFloatArgs args;
  args.channels = params_.channels;
  args.blocks = (params_.channels + 7) / 8;
  args.out_w = params_.out_w;
  args.columns = float_row_args_.columns;
  args.stride = params_.stride_w;
  args.rows = w.ky_end - w.ky_begin;
  args.kernel_w = params_.kernel_w;
  args.weights = packed.float_weights.data();
  if (packed.float_bias.empty()) {
    args.int_bias = packed.bias.data();
  } else {
    args.bias = packed.float_bias.data();
  }
  args.scales = packed.scales.data();
  args.epilogue = EpilogueOf(params_);
  if (params_.activation == DepthwiseConvParams::Activation::kNone) {
    const float byte_min = params_.dst_signed ? -128.f : 0.f;
    const float largest_scale = *std::max_element(params_.scales.begin(), params_.scales.end());
    args.clamp_low = params_.low > byte_min - params_.dst_zero_point;
    args.clamp_high = params_.high < byte_min + 255.f - params_.dst_zero_point ||
                      static_cast<double>(packed.largest_sum) * largest_scale >= 0x1p30;
  }
  return args;
}

DepthwiseConvInt8::Packed DepthwiseConvInt8::PackForQuadTaps(RowWindow w) const {
  const int64_t blocks = (params_.channels + 63) / 64, rows = w.ky_end - w.ky_begin;
  const int kernel_w = params_.kernel_w, quads = (kernel_w + 3) / 4;
  Packed packed;
  packed.channels = params_.channels;
  packed.weights.assign(blocks * rows * quads * 64, 0);
  packed.bias.assign(blocks * 64, 0);
  packed.scales.assign(blocks * 64, 0.f);
  const int32_t source_offset = params_.src_signed ? 128 : 0;
  for (int64_t b = 0; b < blocks; ++b) {
    for (int k = 0; k < 4; ++k) {
      for (int i = 0; i < 16; ++i) {
        const int64_t c = 64 * b + 16 * (i / 4) + 4 * k + i % 4, lane = (b * 4 + k) * 16 + i;
        if (c >= params_.channels) continue;
        for (int64_t r = 0; r < rows; ++r) {
          for (int q = 0; q < quads; ++q) {
            uint32_t taps = 0;
            for (int t = 0; t < 4 && 4 * q + t < kernel_w; ++t) {
              const auto byte = static_cast<uint8_t>(WindowWeight(c, w, r * kernel_w + 4 * q + t));
              taps |= uint32_t{byte} << (8 * t);
            }
            packed.weights[(((b * rows + r) * quads + q) * 4 + k) * 16 + i] = static_cast<int32_t>(taps);
          }
        }
        packed.bias[lane] = FoldedBias(c, source_offset, w);
        packed.scales[lane] = params_.scales[c];
      }
    }
  }
  return packed;
}

DepthwiseQuadArgs DepthwiseConvInt8::QuadArgs(const Packed& packed, RowWindow w) const {
  DepthwiseQuadArgs args;
  args.channels = params_.channels;
  args.blocks = (params_.channels + 63) / 64;
  args.out_w = params_.out_w;
  args.stride = params_.stride_w;
  args.rows = w.ky_end - w.ky_begin;
  args.quads = (params_.kernel_w + 3) / 4;
  args.weights = packed.weights.data();
  args.bias = packed.bias.data();
  args.scales = packed.scales.data();
  args.epilogue = EpilogueOf(params_);
  return args;
}

DepthwiseConvInt8::Packed DepthwiseConvInt8::PackForBytewiseDot(int64_t channels, RowWindow w) const {
  const int64_t taps = (w.ky_end - w.ky_begin) * params_.kernel_w;
  Packed packed;
  packed.channels = channels;
  // A last block of more than 32 channels stays bytewise (masked); a
  // smaller one goes to the widening tail loop.
  packed.bytewise_channels = channels % 64 > 32 ? channels : channels / 64 * 64;
  const int64_t blocks = (packed.bytewise_channels + 63) / 64;
  packed.weights.assign(blocks * taps * 64, 0);
  packed.bias.assign(blocks * 64, 0);
  packed.scales.assign(blocks * 64, 0.f);
  // Channel 64b + 4i + j: byte j of lane i of vector j (per block and tap),
  // lane i of vector j of the bias and scales. s8 sources read as u8 + 128.
  const int32_t source_offset = params_.src_signed ? 128 : 0;
  for (int64_t v = 0; v < packed.bytewise_channels; ++v) {
    const int64_t c = v % params_.channels;
    const int64_t b = v / 64, i = (v % 64) / 4, j = v % 4, lane = b * 64 + j * 16 + i;
    for (int64_t k = 0; k < taps; ++k) {
      const auto byte = static_cast<uint32_t>(static_cast<uint8_t>(WindowWeight(c, w, k)));
      packed.weights[(b * taps + k) * 64 + j * 16 + i] = static_cast<int32_t>(byte << (8 * j));
    }
    packed.bias[lane] = FoldedBias(c, source_offset, w);
    packed.scales[lane] = params_.scales[c];
  }
  const int64_t tail = channels - packed.bytewise_channels, tail_blocks = (tail + 15) / 16;
  packed.tail_weights.assign(tail_blocks * taps * 16, 0);
  packed.tail_bias.assign(tail_blocks * 16, 0);
  packed.tail_scales.assign(tail_blocks * 16, 0.f);
  for (int64_t t = 0; t < tail; ++t) {
    const int64_t c = (packed.bytewise_channels + t) % params_.channels;
    for (int64_t k = 0; k < taps; ++k) {
      // The s8 weight sign-extended into the lane's low s16, zero above.
      packed.tail_weights[((t / 16) * taps + k) * 16 + t % 16] =
          static_cast<uint16_t>(int16_t{WindowWeight(c, w, k)});
    }
    packed.tail_bias[t] = FoldedBias(c, 0, w);
    packed.tail_scales[t] = params_.scales[c];
  }
  return packed;
}

DepthwisePixelArgs DepthwiseConvInt8::Args(const Packed& packed, RowWindow w) const {
  DepthwisePixelArgs args;
  args.channels = packed.channels;
  args.taps = (w.ky_end - w.ky_begin) * params_.kernel_w;
  args.weights = packed.weights.data();
  args.bias = packed.bias.data();
  args.scales = packed.scales.data();
  args.bytewise_channels = packed.bytewise_channels;
  args.tail_weights = packed.tail_weights.data();
  args.tail_bias = packed.tail_bias.data();
  args.tail_scales = packed.tail_scales.data();
  args.src_signed = params_.src_signed;
  args.epilogue = EpilogueOf(params_);
  return args;
}

void DepthwiseConvInt8::Pixels(const DepthwisePixelArgs& args, const uint8_t* const* taps, int64_t step,
                               int64_t pixels, uint8_t* dst) const {
#ifdef MINT8_BUILT_AVX512_VNNI
  DepthwisePixelsAvx512Vnni(args, taps, step, pixels, dst);
#else
  // Not reached: only the AVX-512 VNNI variant runs pixels (Run hands the
  // generic one to the reference and the AVX2 one to RunFloatRows).
  (void)args, (void)taps, (void)step, (void)pixels, (void)dst;
#endif
}

void DepthwiseConvInt8::RunRow(const uint8_t* src, uint8_t* dst, int64_t row) const {
  const DepthwiseConvParams& p = params_;
  const int64_t n = row / p.out_h, oh = row % p.out_h, c_n = p.channels;
  const WindowKernel& kernel = *row_kernel_[oh];
  const DepthwisePixelArgs& args = kernel.args;
  const int rows_used = kernel.window.ky_end - kernel.window.ky_begin;
  // The window's kernel rows, all inside the image.
  const uint8_t* rows[kMaxTaps];
  for (int r = 0; r < rows_used; ++r) {
    const int64_t ih = oh * p.stride_h - p.pad_top + kernel.window.ky_begin + r;
    rows[r] = src + (n * p.in_h + ih) * p.in_w * c_n;
  }
  uint8_t* out = dst + row * p.out_w * c_n;
  const uint8_t* taps[kMaxTaps];
  // Pixels whose taps all fall inside the row: one run, constant step.
  const int64_t first = std::min<int64_t>(p.out_w, (p.pad_left + p.stride_w - 1) / p.stride_w);
  const int64_t end =
      std::max(first, std::min<int64_t>(p.out_w, (p.in_w - p.kernel_w + p.pad_left) / p.stride_w + 1));
  for (int64_t ow = 0; ow < p.out_w; ++ow) {
    if (ow == first && end > first) {
      for (int r = 0, k = 0; r < rows_used; ++r) {
        for (int kx = 0; kx < p.kernel_w; ++kx)
          taps[k++] = rows[r] + (ow * p.stride_w - p.pad_left + kx) * c_n;
      }
      int64_t done = 0;
      if (kernel.strip) {  // 64 / c_n pixels per vector, the strip's "channels"
        const int64_t vectors = (end - first) * c_n / 64;
        Pixels(kernel.strip_args, taps, 64, vectors, out + first * c_n);
        done = vectors * 64 / c_n;
        for (int k = 0; k < args.taps; ++k) taps[k] += done * c_n;
      }
      Pixels(args, taps, p.stride_w * c_n, end - first - done, out + (first + done) * c_n);
      ow = end - 1;
      continue;
    }
    for (int r = 0, k = 0; r < rows_used; ++r) {
      for (int kx = 0; kx < p.kernel_w; ++kx) {
        const int64_t iw = ow * p.stride_w - p.pad_left + kx;
        taps[k++] = iw >= 0 && iw < p.in_w ? rows[r] + iw * c_n : padding_.data();
      }
    }
    Pixels(args, taps, 0, 1, out + ow * c_n);
  }
}

template <typename T, typename Build, typename RowLoop>
void DepthwiseConvInt8::RunRowsFromRing(const uint8_t* src, uint8_t* dst, int64_t begin, int64_t end,
                                        int64_t slot_size, Build build, RowLoop row_loop) const {
  // Kernels are shared by every run context, so the ring is the thread's:
  // it grows to the largest layer once and is reused by every run after.
  struct Ring {
    std::vector<T> values;
    std::vector<int64_t> rows;  // the source row (batch * in_h + ih) each slot holds
  };
  thread_local Ring ring;
  const DepthwiseConvParams& p = params_;
  const int slots = p.kernel_h;
  // Slots start on cache lines: a vector load that spans two lines costs
  // two, and the loops load every rewritten value several times.
  constexpr int64_t kLine = 64 / sizeof(T);
  const int64_t stride = (slot_size + kLine - 1) / kLine * kLine;
  if (static_cast<int64_t>(ring.values.size()) < slots * stride + kLine) {
    ring.values.resize(slots * stride + kLine);
  }
  T* const base = ring.values.data() + (-reinterpret_cast<uintptr_t>(ring.values.data()) / sizeof(T)) % kLine;
  ring.rows.assign(slots, -1);
  const T* rewritten[kMaxTaps];
  for (int64_t row = begin; row < end; ++row) {
    const int64_t n = row / p.out_h, oh = row % p.out_h;
    const WindowKernel& kernel = *row_kernel_[oh];
    for (int r = 0; r < kernel.window.ky_end - kernel.window.ky_begin; ++r) {
      const int64_t ih = oh * p.stride_h - p.pad_top + kernel.window.ky_begin + r,
                    source_row = n * p.in_h + ih;
      const int64_t slot = ih % slots;
      T* slot_row = base + slot * stride;
      if (ring.rows[slot] != source_row) {
        build(src + source_row * p.in_w * p.channels, slot_row);
        ring.rows[slot] = source_row;
      }
      rewritten[r] = slot_row;
    }
    row_loop(kernel, rewritten, dst + row * p.out_w * p.channels);
  }
}

bool DepthwiseConvInt8::pointwise() const {
  const DepthwiseConvParams& p = params_;
  return p.kernel_h == 1 && p.kernel_w == 1 && p.stride_h == 1 && p.stride_w == 1 && p.pad_top == 0 &&
         p.pad_left == 0 && p.out_h == p.in_h && p.out_w == p.in_w;
}

void DepthwiseConvInt8::RunPointwisePart(const uint8_t* src, int64_t channels, int64_t first, uint8_t* dst,
                                         int64_t pixels) const {
#ifdef MINT8_BUILT_AVX2
  if (pointwise_) {
    DepthwisePointwiseArgs args = pointwise_args_;
    DepthwiseFloatArgs& conv = args.conv;
    conv.channels = channels;
    conv.weights += first;
    conv.scales += first;
    if (conv.bias != nullptr) conv.bias += first;
    if (conv.int_bias != nullptr) conv.int_bias += first;
    args.src_stride = channels;
    return DepthwisePointwiseAvx2(args, src, dst, pixels);
  }
#endif
  const DepthwiseConvParams& p = params_;
  const DepthwiseEpilogue epilogue = EpilogueOf(p);
  for (int64_t i = 0; i < pixels; ++i, src += channels, dst += p.channels) {
    for (int64_t c = 0; c < channels; ++c) {
      const int32_t x = p.src_signed ? static_cast<int8_t>(src[c]) : src[c];
      const int32_t bias = p.bias.empty() ? 0 : p.bias[first + c];
      dst[c] = DepthwiseRequantize(epilogue, bias + (x - p.src_zero_point) * p.weights[first + c],
                                   p.scales[first + c]);
    }
  }
}

void DepthwiseConvInt8::RunConcatenated(absl::Span<const void* const> sources,
                                        absl::Span<const int64_t> channels, void* dst_data) const {
  auto* dst = static_cast<uint8_t*>(dst_data);
  const int64_t c_n = params_.channels;
  ForThreadRanges(params_.batch * params_.in_h * params_.in_w, [&](int64_t begin, int64_t end) {
    int64_t first = 0;
    for (size_t i = 0; i < sources.size(); ++i) {
      const auto* src = static_cast<const uint8_t*>(sources[i]) + begin * channels[i];
      RunPointwisePart(src, channels[i], first, dst + begin * c_n + first, end - begin);
      first += channels[i];
    }
  });
}

void DepthwiseConvInt8::RunFloatRows(const uint8_t* src, uint8_t* dst, int64_t begin, int64_t end) const {
#ifdef MINT8_BUILT_AVX2
  RunRowsFromRing<float>(
      src, dst, begin, end, float_row_values_,
      [this](const uint8_t* source_row, float* float_row) {
        DepthwiseFloatRowAvx2(float_row_args_, source_row, float_row);
      },
      [](const WindowKernel& kernel, const float* const* float_rows, uint8_t* out) {
        DepthwiseFloatRowConvAvx2(kernel.float_args, float_rows, out);
      });
#else
  (void)src, (void)dst, (void)begin, (void)end;  // not reached: isa_ is never kAvx2
#endif
}

void DepthwiseConvInt8::RunQuadRows(const uint8_t* src, uint8_t* dst, int64_t begin, int64_t end) const {
#ifdef MINT8_BUILT_AVX512_VNNI
  RunRowsFromRing<uint8_t>(
      src, dst, begin, end, quad_row_bytes_,
      [this](const uint8_t* source_row, uint8_t* quad_row) {
        DepthwiseQuadRowAvx512Vnni(quad_row_args_, source_row, quad_row);
      },
      [](const WindowKernel& kernel, const uint8_t* const* quad_rows, uint8_t* out) {
        DepthwiseQuadRowConvAvx512Vnni(kernel.quad_args, quad_rows, out);
      });
#else
  (void)src, (void)dst, (void)begin, (void)end;  // not reached: quad_rows_ is never set
#endif
}

void DepthwiseConvInt8::Run(const void* src_data, void* dst_data) const {
  if (isa_ == Isa::kGeneric) return DepthwiseConvInt8Reference(params_, src_data, dst_data);
  const auto* src = static_cast<const uint8_t*>(src_data);
  auto* dst = static_cast<uint8_t*>(dst_data);
  const int64_t rows = params_.batch * params_.out_h;
  if (pointwise_) {
    const int64_t c_n = params_.channels;
    return ForThreadRanges(rows * params_.out_w, [&](int64_t begin, int64_t end) {
      RunPointwisePart(src + begin * c_n, c_n, 0, dst + begin * c_n, end - begin);
    });
  }
  // Contiguous output rows per thread: the float rows (AVX2) and quad rows
  // (AVX-512 VNNI) of a source row are reused by the next output rows.
  ForThreadRanges(rows, [&](int64_t begin, int64_t end) {
    if (isa_ == Isa::kAvx2) return RunFloatRows(src, dst, begin, end);
    if (quad_rows_) return RunQuadRows(src, dst, begin, end);
    for (int64_t r = begin; r < end; ++r) RunRow(src, dst, r);
  });
}

}  // namespace mint8::x86
