// GlobalMaxPool: oneDNN max pooling over the whole plane, FP32 and INT8
// (pooling.h).
#include <algorithm>

#include "kernels/reference/pooling.h"
#include "runtime/ops/pooling.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  const int64_t planes = in[0].dims[0] * in[0].dims[1];
  const int64_t spatial = in[0].num_elements() / std::max<int64_t>(planes, 1);
  return ByInt8OrFloat(in[0].dtype, [&](auto zero) {
    using T = decltype(zero);
    kernels::reference::GlobalMaxPool<T>(planes, spatial, in[0].data<T>(), out[0].data<T>());
  });
}

MINT8_REGISTER_LOWERING("GlobalMaxPool", OpLowering{Reference, PoolingFp32Lowering(Pooling::kGlobalMax),
                                                    PoolingInt8Lowering(Pooling::kGlobalMax)});

}  // namespace
}  // namespace mint8::runtime::ops
