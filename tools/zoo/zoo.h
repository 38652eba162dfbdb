// The model zoo: the seed architectures (architectures.h) with deterministic
// weights made numerically realistic by data-dependent initialization.
//
// Method: weights start He-normal (BatchNorm gamma/beta random); then the
// network runs layer by layer on a batch of synthetic images and
//  - every BatchNormalization gets the mean and variance its input actually
//    has (so each one outputs gamma * N(0,1) + beta, as a trained BN does),
//  - every convolution or fully connected layer without a BatchNorm is
//    rescaled to unit output standard deviation (layer-sequential unit
//    variance), the classifier to a logit standard deviation of 3.
// Without this, random networks' activations vanish or explode through the
// layers, and quantization results on them would mean nothing.
//
// Models are named "zoo:resnet50" etc. wherever a model path is accepted.
#ifndef MINT8_TOOLS_ZOO_ZOO_H_
#define MINT8_TOOLS_ZOO_ZOO_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ir/graph.h"

namespace mint8::tools {

struct ZooModelInfo {
  std::string name;
  std::string description;
  int64_t published_macs;    // the usual figure for the architecture
  int64_t input_side = 224;  // square RGB input
};

const std::vector<ZooModelInfo>& ZooModels();

// The named model with weights from `seed`, initialized as described above.
absl::StatusOr<ir::Graph> BuildZooModel(absl::string_view name, uint32_t seed = 1);

// The architecture only (He-normal weights, identity BatchNorm statistics).
absl::StatusOr<ir::Graph> BuildZooArchitecture(absl::string_view name, uint32_t seed = 1);

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_ZOO_ZOO_H_
