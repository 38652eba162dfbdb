// The seed architectures, written layer by layer in the IR with the standard
// configurations and a 1x3x224x224 input (weights not yet initialized from
// data; see zoo.h):
//   resnet50, resnet101   torchvision's v1.5 bottleneck ResNets
//   mobilenet_v1          1.0 width, ReLU6
//   mobilenet_v2          1.0 width, inverted residuals, ReLU6
//   googlenet             Inception v1 as in BVLC Caffe: LRN, 5x5 branches,
//                         ceil-mode pooling, no BatchNorm, no auxiliary heads
//   vgg16, vgg19          configurations D and E with the 4096-wide classifier
#ifndef MINT8_TOOLS_ZOO_ARCHITECTURES_H_
#define MINT8_TOOLS_ZOO_ARCHITECTURES_H_

#include <cstdint>

#include "ir/graph.h"

namespace mint8::tools {

ir::Graph BuildResNet(int depth, uint32_t seed);  // 50 or 101
ir::Graph BuildMobileNetV1(uint32_t seed);
ir::Graph BuildMobileNetV2(uint32_t seed);
ir::Graph BuildGoogLeNet(uint32_t seed);
ir::Graph BuildVgg(int depth, uint32_t seed);  // 16 or 19
// torchvision's layouts of the model-breadth architectures.
ir::Graph BuildEfficientNetB0(uint32_t seed);
ir::Graph BuildMobileNetV3Large(uint32_t seed);
ir::Graph BuildMobileNetV3Small(uint32_t seed);
ir::Graph BuildShuffleNetV2(uint32_t seed);  // x1.0
ir::Graph BuildResNeXt50(uint32_t seed);     // 32x4d
ir::Graph BuildRegNetY400MF(uint32_t seed);
ir::Graph BuildDenseNet121(uint32_t seed);
ir::Graph BuildInceptionV3(uint32_t seed);  // 299x299 input, no auxiliary head
ir::Graph BuildConvNeXtTiny(uint32_t seed);
ir::Graph BuildVitTiny(uint32_t seed);  // ViT-Ti/16: 192 wide, 12 blocks, 3 heads

}  // namespace mint8::tools

#endif  // MINT8_TOOLS_ZOO_ARCHITECTURES_H_
