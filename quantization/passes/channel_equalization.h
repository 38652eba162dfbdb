// Cross-layer equalization with calibration data: where a convolution's
// output feeds only depthwise convolutions, each of its channels is scaled by
// f >= 1 (its weights and bias) and the readers' matching weights by 1/f, so
// the FP32 function is unchanged while the activation between them, quantized
// with one scale per tensor, has every channel at the tensor's largest range.
//
//   auto ranges = CalibrateTensors(prepared, images, 10,     // channel ranges
//                                  EqualizationCandidates(prepared), nullptr);
//   auto equalized = EqualizeChannels(prepared, *ranges);     // rewrites weights
//   auto stats = Calibrate(prepared, images, 10, nullptr);    // the new graph
//
// A small channel's quantization error shrinks by f, and a depthwise reader
// pays nothing for it: its weights are quantized per channel, so 1/f only
// moves their scale. A dense reader quantizes a whole output row with one
// step, and its weight error for the scaled channel would grow by f; on the
// shared models equalizing such pairs (with f balancing the two errors) did
// not raise MobileNet's SQNR and cost SqueezeNet 0.4 top-1 points on
// average, so they are left alone. f never takes a channel beyond the
// largest range seen, so a ReLU6 (Clip) between the layers only clips values
// above what calibration saw in that channel.
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
