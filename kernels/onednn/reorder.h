// oneDNN reorder: copies a value into another layout and/or data type, with
// optional scales (quantize/dequantize/requantize when types differ).
#ifndef MINT8_KERNELS_ONEDNN_REORDER_H_
#define MINT8_KERNELS_ONEDNN_REORDER_H_

#include <vector>

#include "absl/status/statusor.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct ReorderSpec {
  dnnl::memory::desc src_desc, dst_desc;
  // dst = scale * (src - src_zero_point) + dst_zero_point, rounded and
  // saturated for integer destinations; scales: one value, or one per
  // channel along dim 1; empty = 1.
  std::vector<float> scales;
  int32_t src_zero_point = 0;
  int32_t dst_zero_point = 0;
  // What the step is (profiles, plans): a layout change, or an operator
  // that is one reorder (Transpose, Slice).
  const char* op_type = "Reorder";
};

absl::StatusOr<CompiledPrimitive> CreateReorder(const ReorderSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_REORDER_H_
