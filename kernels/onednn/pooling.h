// oneDNN 2-D pooling: max, and average excluding or including padding, over
// any layout the source is in (global pooling is a window of the whole plane).
#ifndef MINT8_KERNELS_ONEDNN_POOLING_H_
#define MINT8_KERNELS_ONEDNN_POOLING_H_

#include "absl/status/statusor.h"
#include "ir/window.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

enum class PoolKind { kMax, kAverageExcludePadding, kAverageIncludePadding };

struct PoolingSpec {
  ir::PoolGeometry geometry;
  PoolKind kind = PoolKind::kMax;
  dnnl::memory::desc src_desc;  // the producer's layout (used as is)
  // INT8 pooling keeps its input's type and quantization.
  dnnl::memory::data_type dst_type = dnnl::memory::data_type::f32;
};

absl::StatusOr<CompiledPrimitive> CreatePooling(const PoolingSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_POOLING_H_
