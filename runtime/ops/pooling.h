// The pooling ops (MaxPool, AveragePool, GlobalMaxPool, GlobalAveragePool):
// their oneDNN lowering, FP32 and INT8, by kind of pooling.
#ifndef MINT8_RUNTIME_OPS_POOLING_H_
#define MINT8_RUNTIME_OPS_POOLING_H_

#include "runtime/lowering.h"

namespace mint8::runtime::ops {

enum class Pooling { kMax, kAverage, kGlobalMax, kGlobalAverage };

// Lowers to oneDNN pooling; INT8 when input and output share quantization.
LowerFn PoolingFp32Lowering(Pooling pooling);
LowerFn PoolingInt8Lowering(Pooling pooling);

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_POOLING_H_
