// MaxPool: oneDNN max pooling, FP32 and INT8 (pooling.h).
#include "ir/op_geometry.h"
#include "ir/status_macros.h"
#include "kernels/reference/pooling.h"
#include "runtime/ops/pooling.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::PoolGeometry g, ir::ResolvePoolGeometry(node, in[0].dims));
  return ByInt8OrFloat(in[0].dtype, [&](auto zero) {
    using T = decltype(zero);
    kernels::reference::MaxPool2d<T>(g, in[0].data<T>(), out[0].data<T>());
  });
}

MINT8_REGISTER_LOWERING("MaxPool", OpLowering{Reference, PoolingFp32Lowering(Pooling::kMax),
                                              PoolingInt8Lowering(Pooling::kMax)});

}  // namespace
}  // namespace mint8::runtime::ops
