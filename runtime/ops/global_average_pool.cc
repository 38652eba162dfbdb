// GlobalAveragePool: oneDNN average pooling over the whole plane, FP32 and
// INT8 (pooling.h).
#include <algorithm>

#include "ir/op_geometry.h"
#include "kernels/reference/pooling.h"
#include "kernels/reference/quantization.h"
#include "runtime/ops/pooling.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

namespace ref = kernels::reference;

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  if (in[0].dtype != ir::DataType::kF32) {
    ir::PoolGeometry g;
    g.batch = in[0].dims[0];
    g.channels = in[0].dims[1];
    g.window.in_h = in[0].rank() > 2 ? in[0].dims[2] : 1;
    g.window.in_w = in[0].rank() > 3 ? in[0].dims[3] : 1;
    return ref::QuantizedAveragePool(g, true, in[0], out[0]);
  }
  const int64_t planes = in[0].dims[0] * in[0].dims[1];
  ref::GlobalAvgPoolF32(planes, in[0].num_elements() / std::max<int64_t>(planes, 1), in[0].data<float>(),
                        out[0].data<float>());
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("GlobalAveragePool",
                        OpLowering{Reference, PoolingFp32Lowering(Pooling::kGlobalAverage),
                                   PoolingInt8Lowering(Pooling::kGlobalAverage)});

}  // namespace
}  // namespace mint8::runtime::ops
