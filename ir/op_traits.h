// OpTraits: what the passes and the runtime need to know about an operator
// beyond its shape function, declared with its schema in its file in ir/ops/.
// Passes ask the traits (TraitsOf in op_schema.h) instead of comparing
// op-type strings:
//
//   const OpTraits& traits = TraitsOf(node.op_type);
//   if (traits.quantization == QuantizationRole::kCompute) { ... weights at input 1 ... }
#ifndef MINT8_IR_OP_TRAITS_H_
#define MINT8_IR_OP_TRAITS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "ir/attributes.h"
#include "ir/post_op.h"

namespace mint8::ir {

class Graph;
struct Node;

// How an operator takes part in INT8 quantization (DESIGN.md, numeric
// contract).
enum class QuantizationRole {
  kNone,             // runs FP32, between dequantize and quantize nodes
  kCompute,          // INT8 compute op: input 0 data, 1 weights (s8 per output
                     // channel), 2 bias (s32), optional residual sum input
  kScalePreserving,  // runs on INT8 data with its input's scale
  kScaleUnifying,    // its INT8 inputs and output share one scale (Concat)
  kScaledProduct,    // Mul: INT8 data (the operand of the output's shape) times
                     // an INT8 or f32 operand, each read with its own scale;
                     // the output gets its own (squeeze-excite gating)
  kScaledSum,        // Add: two INT8 operands of the output's shape, each
                     // read with its own scale; the output gets its own
                     // (a detector's FPN top-down sums)
  kOperandProduct,   // MatMul of two run-time operands: each read as INT8
                     // with its own per-tensor scale; the output gets its own
                     // (attention's Q x K' and P x V)
  kQuantize,         // QuantizeLinear
  kDequantize,       // DequantizeLinear
  kRequantize,       // Requantize (mint8's)
};

// The arithmetic of an elementwise binary op (broadcasting).
enum class BinaryArithmetic { kNone, kAdd, kSub, kMul, kDiv };

// The function of a math op, for passes that match decomposed patterns
// (GELU's Erf, LayerNorm's means, power and square root).
// kPow is binary (exponent at input 1); kMean averages over the `axes`
// attribute (ReduceMean).
enum class MathFunction { kNone, kAbs, kErf, kExp, kLog, kNeg, kReciprocal, kSqrt, kPow, kMean };

struct OpTraits {
  QuantizationRole quantization = QuantizationRole::kNone;
  // Every output value lies within the range of the input values (pooling,
  // reshapes, Transpose, Concat, Identity): a trained range carries through.
  bool range_keeping = false;
  // ... and may produce 0 besides (AveragePool counting padding zeros).
  bool range_includes_zero = false;
  // Whether the output is >= 0 whatever the input (null: never known).
  bool (*non_negative_output)(const Node& node) = nullptr;
  // Accepts fused post-ops ("post_ops" attribute): activations, residual
  // sum, fake quantization.
  bool takes_post_ops = false;
  // ... including a residual sum (an extra input after the regular ones).
  bool accepts_residual_sum = false;
  // Adds a preceding zero Pad of the spatial dimensions ([h_begin,
  // w_begin, h_end, w_end]) to its own padding; false, `node` untouched,
  // where its padding is not zeros (MaxPool, AveragePool not counting
  // padding). Null: never.
  bool (*absorb_zero_padding)(Node& node, const std::vector<int64_t>& pads) = nullptr;
  // Pads its input (a Pad that PadFusionPass may fold into its consumer).
  bool pads_input = false;
  // A matrix product that becomes Gemm with a constant 2-D right operand.
  bool matrix_multiply = false;
  // A per-channel affine map at inference that folds into the weights and
  // bias of the op producing its input (BatchNormalization).
  bool folds_into_producer_weights = false;
  // Its output depends only on its input's shape (Shape): foldable once
  // shapes are known, whatever the values.
  bool reads_only_input_shape = false;
  // Adds nodes that compute the same outputs from simpler ops (Split: one
  // Slice per output) and returns true, the caller removing `node`; false,
  // graph untouched, when it cannot (shapes or parameters unknown).
  bool (*expand)(Graph& graph, const Node& node) = nullptr;
  BinaryArithmetic arithmetic = BinaryArithmetic::kNone;
  MathFunction math = MathFunction::kNone;
  // The output is the input reinterpreted, with no computation (a view of
  // the same storage in the runtime).
  bool is_view = false;
  // The output equals the input at inference (removed by the clean-up pass).
  bool is_identity = false;
  // ... for this node only (a Pad by zeros, a Concat of one input).
  bool (*identity_when)(const Graph& graph, const Node& node) = nullptr;
  // An elementwise activation: the post-op it becomes when fused.
  std::optional<PostOp> (*activation)(const Attributes& attributes) = nullptr;
  // Ops with weights at input 1: the weight axis of the output channels.
  int (*weight_output_axis)(const Node& node) = nullptr;
  // Multiply-accumulates per output element, given the weights' dimensions.
  int64_t (*macs_per_output)(const Node& node, const std::vector<int64_t>& weight_dims) = nullptr;
  // Why `node` cannot run INT8 beyond the generic conditions (f32 input,
  // constant f32 weights and bias), or "".
  std::string (*int8_blocker)(const Graph& graph, const Node& node) = nullptr;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_OP_TRAITS_H_
