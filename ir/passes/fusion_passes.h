// FP32 fusion passes (run after batchnorm folding, before placement/kernels,
// except the first, which runs before it):
//  - AffineFoldingPass: Add of, or Mul by, a per-channel (or one-value)
//    constant after a Conv, ConvTranspose or Gemm (ops with weights, no
//    post-ops) folds into its weights and bias (exporters that write the
//    bias as an Add, as paddle2onnx does for ConvTranspose; PaddleOCR's
//    learnable affine blocks after conv + BN), so a BatchNorm after it can
//    fold.
//  - HardSwishPatternPass: x * Clip(x + 3, 0, 6) / 6 (or * 1/6), and
//    x * HardSigmoid(x) with alpha 1/6, beta 0.5, become one HardSwish node
//    (PaddlePaddle's exporter writes hard-swish this way).
//  - GeluPatternPass: Mul(Mul(x, Add(Erf(Div(x, sqrt(2))), 1)), 0.5), the
//    exact GELU as PyTorch exports it (either operand order), becomes one Gelu
//    node.
//  - SiluPatternPass: Mul(x, Sigmoid(x)) (either operand order), SiLU/Swish
//    as PyTorch and PaddlePaddle export it, becomes one Silu node.
//  - ChannelShufflePatternPass: Reshape [N, C, ...] -> [N, g, C / g, ...],
//    Transpose of axes 1 and 2, Reshape back (ShuffleNet's channel shuffle)
//    becomes one ChannelShuffle node, which also takes over the inputs of a
//    Concat along axis 1 feeding only it.
//  - ScaledQuantizePass (sessions only): a per-tensor QuantizeLinear of
//    Mul(x, m), m one f32 value per channel of x and the product read by
//    nothing else (squeeze-excite's gate before an INT8 layer), becomes one
//    ScaledQuantizeLinear node.
//  - LayerNormPatternPass: ReduceMean/Sub/Pow 2/ReduceMean/Add eps/Sqrt/Div
//    over trailing axes, optionally * Scale + B (constants), the LayerNorm
//    PaddlePaddle and older exporters write, becomes LayerNormalization.
//  - PadFusionPass: a zero constant Pad of the spatial dimensions feeding
//    only a Conv or an AveragePool becomes part of its own padding
//    (TensorFlow-style "same" padding exported as Pad + Conv; PyTorch's
//    avg_pool2d counting padding exported as Pad + AveragePool).
//  - GemmFormationPass: MatMul of an input by a constant 2-D matrix, plus a
//    following constant bias Add, becomes Gemm (an inner product); inputs of
//    rank > 2 are flattened to rows by a Reshape and restored after.
//  - ActivationFusionPass: an activation (Relu, Clip, LeakyRelu, Sigmoid,
//    HardSigmoid, HardSwish, Tanh, Gelu, Silu) whose input only feeds it is appended as a
//    post-op of the Conv/Gemm/MatMul producing that input (also through a
//    view such as a Reshape in between).
//  - LinearPostOpFusionPass: Mul/Add/Sub/Div with a one-value constant
//    after an op that takes post-ops becomes a "linear" post-op
//    (alpha * x + beta; consecutive ones compose), e.g. the affine block
//    PaddleOCR's PP-LCNetV3 puts after each hard-swish; and a constant
//    Mul/Div of one operand of a MatMul of two run-time operands (PyTorch's
//    attention scales Q by 1/sqrt(d)) becomes a leading linear post-op of
//    the MatMul, so that both operands can stay INT8.
//  - ResidualAddFusionPass: Add(conv_out, other) with equal shapes becomes a
//    "sum" post-op of the Conv, which reads `other` as its residual input.
//  - FakeQuantFusionPass: a per-tensor QuantizeLinear -> DequantizeLinear
//    pair (a QAT model's fake quantization, run in FP32) after a
//    Conv/Gemm/MatMul becomes a "fake_quant_u8"/"fake_quant_s8" post-op.
//    Only for running a QDQ model as it is: the QAT conversion reads the
//    pairs, so the quantizer never runs this pass.
// Fused ops write the tensor the fused-away node wrote, so names visible to
// users (graph outputs) do not change.
#ifndef MINT8_IR_PASSES_FUSION_PASSES_H_
#define MINT8_IR_PASSES_FUSION_PASSES_H_

#include "ir/pass_manager.h"

namespace mint8::ir {

class HardSwishPatternPass : public Pass {
 public:
  absl::string_view name() const override { return "hardswish-pattern"; }
  absl::Status Run(Graph& graph) override;
};

class GeluPatternPass : public Pass {
 public:
  absl::string_view name() const override { return "gelu-pattern"; }
  absl::Status Run(Graph& graph) override;
};

class SiluPatternPass : public Pass {
 public:
  absl::string_view name() const override { return "silu-pattern"; }
  absl::Status Run(Graph& graph) override;
};

// x + x * g with g one value per channel of x (a squeeze-excite gate added
// back to its input: PaddleOCR's RSE layers) becomes x * (1 + g): one
// per-channel product instead of a product and a sum over the whole map
// (in INT8 models, one requantizing product instead of two dequantizations
// and an FP32 sum).
class SelfGatedResidualPass : public Pass {
 public:
  absl::string_view name() const override { return "self-gated-residual"; }
  absl::Status Run(Graph& graph) override;
};

class ChannelShufflePatternPass : public Pass {
 public:
  absl::string_view name() const override { return "channel-shuffle-pattern"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

class ScaledQuantizePass : public Pass {
 public:
  absl::string_view name() const override { return "scaled-quantize"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

// An FP32 1x1 Conv at stride 1 (no activation) whose output only an
// AveragePool without padding reads: the pool moves before the conv, which
// then runs on the pooled map (a per-pixel linear map commutes with an
// average; 4x fewer multiply-adds under a 2x2 pool: DenseNet's
// transitions). Exact up to float rounding.
class PoolBeforePointwiseConvPass : public Pass {
 public:
  absl::string_view name() const override { return "pool-before-pointwise-conv"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

// Concat (channels) -> INT8 depthwise 1x1 Conv at stride 1 becomes one
// ConcatDepthwiseConv when the Concat feeds only the Conv and its sources
// are quantized like its output (the Concat only copies): DenseNet's
// BatchNorm after each concatenation reads the parts where they lie.
// Sessions only, and only where mint8's own kernels may run (the op has no
// oneDNN form).
class ConcatDepthwisePass : public Pass {
 public:
  absl::string_view name() const override { return "concat-depthwise"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

class LayerNormPatternPass : public Pass {
 public:
  absl::string_view name() const override { return "layer-norm-pattern"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

class AffineFoldingPass : public Pass {
 public:
  absl::string_view name() const override { return "affine-folding"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

class LinearPostOpFusionPass : public Pass {
 public:
  absl::string_view name() const override { return "linear-post-op-fusion"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

class PadFusionPass : public Pass {
 public:
  absl::string_view name() const override { return "pad-fusion"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

class GemmFormationPass : public Pass {
 public:
  absl::string_view name() const override { return "gemm-formation"; }
  uint32_t requirements() const override { return kShapesKnown; }
  absl::Status Run(Graph& graph) override;
};

class ActivationFusionPass : public Pass {
 public:
  absl::string_view name() const override { return "activation-fusion"; }
  absl::Status Run(Graph& graph) override;
};

class FakeQuantFusionPass : public Pass {
 public:
  absl::string_view name() const override { return "fake-quant-fusion"; }
  uint32_t requirements() const override { return kConstantsFolded; }
  absl::Status Run(Graph& graph) override;
};

class ResidualAddFusionPass : public Pass {
 public:
  absl::string_view name() const override { return "residual-add-fusion"; }
  uint32_t requirements() const override { return kShapesKnown; }
  uint32_t guarantees() const override { return kFused; }
  absl::Status Run(Graph& graph) override;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_PASSES_FUSION_PASSES_H_
