// AdaptInt8ToCpu: rewrites a quantized graph, without changing what it
// computes, into the INT8 forms oneDNN runs exactly on this CPU.
//
// Without VNNI (e.g. AVX2), oneDNN multiplies u8 x s8 pairs into a saturating
// 16-bit sum, and for s8 sources it also halves the weights internally. Both
// make results inexact. So here:
//  - signed (s8) activations are stored as u8 with their zero point moved up
//    (by 64 for 7-bit activations [-64, 63], which then fill [0, 127]; by 128
//    otherwise): the same real values, the same rounding;
//  - where a source can exceed 127 (8-bit activations: a model quantized for
//    a VNNI machine), weights beyond +-63 are rounded to 7 bits (weight scale
//    doubled, bias halved) - the only change that loses precision, counted.
//  - a MatMul of two INT8 run-time operands (attention) runs FP32 between
//    dequantizations (and a quantization of an INT8 output): its result then
//    differs by float rounding, far within one step of the INT8 grid.
// Models quantized here use 7-bit activations and keep 8-bit weights exact.
// With VNNI the graph is left as it is.
#ifndef MINT8_RUNTIME_INT8_ENCODING_H_
#define MINT8_RUNTIME_INT8_ENCODING_H_

#include "absl/status/statusor.h"
#include "ir/graph.h"

namespace mint8::runtime {

struct Int8Adaptation {
  int shifted_tensors = 0;  // s8 activations stored as u8 + 128
  int narrowed_weights = 0;  // weight tensors reduced to 7 bits
};

absl::StatusOr<Int8Adaptation> AdaptInt8ToCpu(ir::Graph& graph, bool cpu_has_vnni);

}  // namespace mint8::runtime

#endif  // MINT8_RUNTIME_INT8_ENCODING_H_
