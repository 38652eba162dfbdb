// ChannelShuffleNhwc: ShuffleNet's channel shuffle on channels-last tensors,
// with the concatenation that precedes it in a ShuffleNet unit. The inputs
// (each [pixels, channels_k], pixels = batch * height * width) are joined
// along channels into C, and
//
//   y[p, o] = joined[p, (o % groups) * (C / groups) + o / groups]
//
// which is what Concat -> Reshape [N, groups, C / groups, H, W] ->
// Transpose (1, 2) -> Reshape [N, C, H, W] computes in NCHW terms. oneDNN has
// no such primitive: as graph ops it costs a concatenation, a 5-D reorder and
// layout conversions around them. The AVX2 loop interleaves two halves that
// each lie in one input (ShuffleNetV2's case); other forms run the reference.
//
//   ChannelShuffleParams p = ...;
//   auto shuffle = ChannelShuffleNhwc::Create(p, BestAvailableIsa());
//   const void* inputs[] = {left, right};
//   (*shuffle)->Run(inputs, y);   // thread-safe; OpenMP threads over pixels
#ifndef MINT8_KERNELS_X86_CHANNEL_SHUFFLE_H_
#define MINT8_KERNELS_X86_CHANNEL_SHUFFLE_H_

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "kernels/x86/cpu_features.h"

namespace mint8::x86 {

struct ChannelShuffleParams {
  int64_t pixels = 0;
  std::vector<int64_t> input_channels;  // per input, in joining order
  int64_t groups = 2;
  int element_bytes = 1;  // 1 (u8/s8) or 4 (f32)
};

// InvalidArgument for empty shapes, groups not dividing the channels, or
// other element sizes.
absl::Status ValidateChannelShuffle(const ChannelShuffleParams& p);

// The oracle: the formula above, one element at a time.
void ChannelShuffleNhwcReference(const ChannelShuffleParams& p, const void* const* inputs, void* y);

class ChannelShuffleNhwc {
 public:
  static absl::StatusOr<std::unique_ptr<ChannelShuffleNhwc>> Create(const ChannelShuffleParams& p, Isa isa);
  // inputs[k]: [pixels, input_channels[k]]; y: [pixels, C].
  void Run(const void* const* inputs, void* y) const;
  Isa isa() const { return isa_; }
  const ChannelShuffleParams& params() const { return params_; }

 private:
  // Where each half of the joined channels lies (the AVX2 loop's case).
  struct Half {
    int input = 0;
    int64_t first_channel = 0;
  };
  ChannelShuffleNhwc(ChannelShuffleParams p, Isa isa, Half first, Half second)
      : params_(std::move(p)), isa_(isa), halves_{first, second} {}
  ChannelShuffleParams params_;
  Isa isa_;
  Half halves_[2];
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_CHANNEL_SHUFFLE_H_
