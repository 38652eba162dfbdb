// Cross-layer equalization with calibration data: where a convolution's
// output feeds only convolutions, each of its channels is scaled by f > 0
// (its weights and bias) and the consumers' matching input-channel weights
// by 1/f, so the FP32 function is unchanged while the activation between
// them, quantized with one scale per tensor, has channels of similar range.
//
//   auto ranges = CalibrateTensors(prepared, images, 10,     // channel ranges
//                                  EqualizationCandidates(prepared), nullptr);
//   auto equalized = EqualizeChannels(prepared, *ranges);     // rewrites weights
//   auto stats = Calibrate(prepared, images, 10, nullptr);    // the new graph
//
// A small channel's quantization error shrinks by f. What it costs depends on
// the consumer: a depthwise consumer quantizes each channel's weights apart
// and pays nothing, so the channel is scaled up to the tensor's largest
// range; a dense consumer quantizes a whole output row with one step, and the
// scaled channel's weight error grows by f, so f balances the two expected
// errors. f never pushes a channel beyond the tensor's largest range, so a
// ReLU6 (Clip) between the layers only clips values above what calibration
// saw in that channel. Channels never shrink (f >= 1).
#ifndef MINT8_QUANTIZATION_PASSES_CHANNEL_EQUALIZATION_H_
#define MINT8_QUANTIZATION_PASSES_CHANNEL_EQUALIZATION_H_

#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantization/calibration/calibrator.h"

namespace mint8::quantization {

struct EqualizedTensor {
  std::string tensor;
  int channels = 0;
  int scaled = 0;  // channels with f > 1
  float largest_factor = 1.f;
};

// The activations EqualizeChannels may rescale: outputs of convolutions
// (post-ops ReLU, LeakyRelu, Clip(0, hi) or none) read only by convolutions,
// weights used by no other node. Their statistics are all it needs.
std::vector<std::string> EqualizationCandidates(const ir::Graph& graph);

// Rewrites the weights of `graph` (an FP32 graph prepared for quantization)
// using the per-channel ranges in `stats`; returns the tensors it equalized.
std::vector<EqualizedTensor> EqualizeChannels(ir::Graph& graph, const StatisticsMap& stats);

}  // namespace mint8::quantization

#endif  // MINT8_QUANTIZATION_PASSES_CHANNEL_EQUALIZATION_H_
