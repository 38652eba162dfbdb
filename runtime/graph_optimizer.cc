#include "runtime/graph_optimizer.h"

#include "ir/pass_manager.h"
#include "ir/passes/batchnorm_folding.h"
#include "ir/passes/cleanup_passes.h"
#include "ir/passes/fusion_passes.h"

namespace mint8::runtime {

absl::Status OptimizeForInference(ir::Graph& graph, const OptimizeOptions& options) {
  ir::PassManagerOptions pm_options;
  pm_options.verify_each_pass = options.verify_each_pass;
  ir::PassManager pm(pm_options);
  pm.Add(std::make_unique<ir::IdentityRemovalPass>());
  pm.Add(std::make_unique<ir::DeadNodeRemovalPass>());
  pm.Add(std::make_unique<ir::ExpansionPass>());
  pm.Add(std::make_unique<ir::AffineFoldingPass>());
  pm.Add(std::make_unique<ir::BatchNormFoldingPass>());
  pm.Add(std::make_unique<ir::PoolBeforePointwiseConvPass>());
  pm.Add(std::make_unique<ir::HardSwishPatternPass>());
  pm.Add(std::make_unique<ir::GeluPatternPass>());
  pm.Add(std::make_unique<ir::SiluPatternPass>());
  pm.Add(std::make_unique<ir::SelfGatedResidualPass>());
  pm.Add(std::make_unique<ir::ChannelShufflePatternPass>());
  pm.Add(std::make_unique<ir::LayerNormPatternPass>());
  pm.Add(std::make_unique<ir::PadFusionPass>());
  pm.Add(std::make_unique<ir::GemmFormationPass>());
  if (options.fuse) {
    // A QAT export may fake-quantize a conv's output both before and after
    // its activation: fake quantization, activation, fake quantization.
    if (options.fuse_fake_quantization) pm.Add(std::make_unique<ir::FakeQuantFusionPass>());
    pm.Add(std::make_unique<ir::ActivationFusionPass>());
    pm.Add(std::make_unique<ir::LinearPostOpFusionPass>());
    if (options.fuse_fake_quantization) pm.Add(std::make_unique<ir::FakeQuantFusionPass>());
    pm.Add(std::make_unique<ir::ResidualAddFusionPass>());
    // The activation after a residual add can fuse only once the add has.
    pm.Add(std::make_unique<ir::ActivationFusionPass>());
  }
  if (options.fuse_scaled_quantization) pm.Add(std::make_unique<ir::ScaledQuantizePass>());
  if (options.fuse_concat_into_depthwise) pm.Add(std::make_unique<ir::ConcatDepthwisePass>());
  return pm.Run(graph, ir::kShapesKnown | ir::kConstantsFolded);
}

}  // namespace mint8::runtime
