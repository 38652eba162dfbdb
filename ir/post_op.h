// PostOp: an operation fused onto the result of a Conv, Gemm or MatMul
// (activation or residual sum), applied in order. Shared by the IR (node
// attributes "post_ops", "post_op_alpha", "post_op_beta") and the kernels.
#ifndef MINT8_IR_POST_OP_H_
#define MINT8_IR_POST_OP_H_

#include <algorithm>
#include <cmath>

namespace mint8::ir {

// Activations follow ONNX: kClip clamps to [alpha, beta]; kLeakyRelu uses
// alpha as the slope; kHardSigmoid is max(0, min(1, alpha*x + beta)).
// kLinear is alpha*x + beta (a scalar Mul/Add after the op: PaddleOCR's
// learnable affine blocks). kSum adds alpha * (the residual input).
// kFakeQuantU8/kFakeQuantS8 are a QuantizeLinear -> DequantizeLinear pair
// (a QAT model's fake quantization) with scale alpha and zero point beta:
// the value snaps to the u8/s8 grid, exactly as the two ONNX ops compute it.
enum class PostOpKind {
  kRelu,
  kClip,
  kLeakyRelu,
  kSigmoid,
  kHardSigmoid,
  kHardSwish,
  kTanh,
  kGelu,  // 0.5 x (1 + erf(x / sqrt(2))): GELU's exact form
  kSilu,  // x * sigmoid(x) (SiLU, Swish with beta 1)
  kLinear,
  kSum,
  kFakeQuantU8,
  kFakeQuantS8
};

struct PostOp {
  PostOpKind kind;
  float alpha = 0.f;
  float beta = 0.f;
};

inline bool IsFakeQuant(PostOpKind kind) {
  return kind == PostOpKind::kFakeQuantU8 || kind == PostOpKind::kFakeQuantS8;
}

// The integer range of a fake-quantization post-op's grid.
inline float FakeQuantMin(PostOpKind kind) { return kind == PostOpKind::kFakeQuantU8 ? 0.f : -128.f; }
inline float FakeQuantMax(PostOpKind kind) { return kind == PostOpKind::kFakeQuantU8 ? 255.f : 127.f; }

// QuantizeLinear then DequantizeLinear: round half to even, saturate.
inline float FakeQuantize(const PostOp& op, float x) {
  const float q = std::nearbyint(x / op.alpha) + op.beta;
  return (std::min(std::max(q, FakeQuantMin(op.kind)), FakeQuantMax(op.kind)) - op.beta) * op.alpha;
}

// Applies activation `op` (any kind but kSum) to `x`.
inline float ApplyActivation(const PostOp& op, float x) {
  switch (op.kind) {
    case PostOpKind::kRelu:
      return x > 0.f ? x : 0.f;
    case PostOpKind::kClip:
      return std::min(std::max(x, op.alpha), op.beta);
    case PostOpKind::kLeakyRelu:
      return x >= 0.f ? x : op.alpha * x;
    case PostOpKind::kSigmoid:
      return 1.f / (1.f + std::exp(-x));
    case PostOpKind::kHardSigmoid:
      return std::max(0.f, std::min(1.f, op.alpha * x + op.beta));
    case PostOpKind::kHardSwish:
      return x * std::max(0.f, std::min(1.f, x / 6.f + 0.5f));
    case PostOpKind::kGelu:
      return 0.5f * x * (1.f + std::erf(x * 0.70710678f));
    case PostOpKind::kSilu:
      return x / (1.f + std::exp(-x));
    case PostOpKind::kTanh:
      return std::tanh(x);
    case PostOpKind::kLinear:
      return op.alpha * x + op.beta;
    case PostOpKind::kFakeQuantU8:
    case PostOpKind::kFakeQuantS8:
      return FakeQuantize(op, x);
    case PostOpKind::kSum:
      return x;
  }
  return x;
}

}  // namespace mint8::ir

#endif  // MINT8_IR_POST_OP_H_
