#include "kernels/x86/channel_shuffle.h"

#include <cstring>
#include <numeric>
#include <utility>

#include "absl/strings/str_cat.h"
#include "kernels/x86/channel_shuffle_kernels.h"
#include "kernels/x86/thread_ranges.h"

namespace mint8::x86 {
namespace {

int64_t TotalChannels(const ChannelShuffleParams& p) {
  return std::accumulate(p.input_channels.begin(), p.input_channels.end(), int64_t{0});
}

// The input holding joined channel c, and c in that input's numbering.
std::pair<int, int64_t> Locate(const ChannelShuffleParams& p, int64_t c) {
  int k = 0;
  while (c >= p.input_channels[k]) c -= p.input_channels[k++];
  return {k, c};
}

}  // namespace

absl::Status ValidateChannelShuffle(const ChannelShuffleParams& p) {
  if (p.pixels < 1 || p.input_channels.empty())
    return absl::InvalidArgumentError("channel shuffle: empty shape");
  for (int64_t c : p.input_channels) {
    if (c < 1) return absl::InvalidArgumentError("channel shuffle: an input without channels");
  }
  const int64_t channels = TotalChannels(p);
  if (p.groups < 1 || channels % p.groups != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("channel shuffle: ", p.groups, " groups do not divide ", channels, " channels"));
  }
  if (p.element_bytes != 1 && p.element_bytes != 4) {
    return absl::InvalidArgumentError(absl::StrCat("channel shuffle: ", p.element_bytes, "-byte elements"));
  }
  return absl::OkStatus();
}

void ChannelShuffleNhwcReference(const ChannelShuffleParams& p, const void* const* inputs, void* y) {
  const int64_t channels = TotalChannels(p), per_group = channels / p.groups;
  const int es = p.element_bytes;
  auto* out = static_cast<uint8_t*>(y);
  for (int64_t o = 0; o < channels; ++o) {
    const auto [k, c] = Locate(p, o % p.groups * per_group + o / p.groups);
    const auto* in = static_cast<const uint8_t*>(inputs[k]);
    for (int64_t i = 0; i < p.pixels; ++i) {
      std::memcpy(out + (i * channels + o) * es, in + (i * p.input_channels[k] + c) * es, es);
    }
  }
}

absl::StatusOr<std::unique_ptr<ChannelShuffleNhwc>> ChannelShuffleNhwc::Create(const ChannelShuffleParams& p,
                                                                               Isa isa) {
  if (absl::Status s = ValidateChannelShuffle(p); !s.ok()) return s;
  const int64_t half = TotalChannels(p) / 2;
  Half halves[2];
  bool contiguous = p.groups == 2;
  for (int h = 0; h < 2 && contiguous; ++h) {
    const auto [k, c] = Locate(p, h * half);
    halves[h] = {k, c};
    contiguous = c + half <= p.input_channels[k];  // the half lies in one input
  }
  const bool avx2 = contiguous && isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2);
  return std::unique_ptr<ChannelShuffleNhwc>(
      new ChannelShuffleNhwc(p, avx2 ? Isa::kAvx2 : Isa::kGeneric, halves[0], halves[1]));
}

void ChannelShuffleNhwc::Run(const void* const* inputs, void* y) const {
  if (isa_ == Isa::kGeneric) return ChannelShuffleNhwcReference(params_, inputs, y);
#ifdef MINT8_BUILT_AVX2
  const ChannelShuffleParams& p = params_;
  const int es = p.element_bytes;
  const int64_t half = TotalChannels(p) / 2;
  InterleaveArgs args;
  args.a = static_cast<const uint8_t*>(inputs[halves_[0].input]) + halves_[0].first_channel * es;
  args.b = static_cast<const uint8_t*>(inputs[halves_[1].input]) + halves_[1].first_channel * es;
  args.a_stride = p.input_channels[halves_[0].input];
  args.b_stride = p.input_channels[halves_[1].input];
  args.half = half;
  args.element_bytes = es;
  auto* out = static_cast<uint8_t*>(y);
  const auto run = [&](int64_t begin, int64_t end) {
    InterleaveArgs part = args;
    part.a += begin * args.a_stride * es;
    part.b += begin * args.b_stride * es;
    InterleaveHalvesAvx2(part, end - begin, out + begin * 2 * half * es);
  };
  ForThreadRanges(p.pixels, run);
#else
  (void)inputs, (void)y;  // not reached: isa_ is never kAvx2
#endif
}

}  // namespace mint8::x86
