// AveragePool: oneDNN average pooling, FP32 and INT8 (pooling.h).
#include "ir/op_geometry.h"
#include "ir/status_macros.h"
#include "kernels/reference/pooling.h"
#include "kernels/reference/quantization.h"
#include "runtime/ops/pooling.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace ref = kernels::reference;

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  MINT8_ASSIGN_OR_RETURN(ir::PoolGeometry g, ir::ResolvePoolGeometry(node, in[0].dims));
  if (in[0].dtype != ir::DataType::kF32) return ref::QuantizedAveragePool(g, false, in[0], out[0]);
  ref::AvgPool2dF32(g, in[0].data<float>(), out[0].data<float>());
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("AveragePool", OpLowering{Reference, PoolingFp32Lowering(Pooling::kAverage),
                                                  PoolingInt8Lowering(Pooling::kAverage)});

}  // namespace
}  // namespace mint8::runtime::ops
