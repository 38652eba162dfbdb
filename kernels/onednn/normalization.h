// oneDNN softmax (one axis) and LRN (across channels), in the source's layout.
#ifndef MINT8_KERNELS_ONEDNN_NORMALIZATION_H_
#define MINT8_KERNELS_ONEDNN_NORMALIZATION_H_

#include "absl/status/statusor.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct SoftmaxSpec {
  int axis = 1;
  dnnl::memory::desc src_desc;
};
absl::StatusOr<CompiledPrimitive> CreateSoftmax(const SoftmaxSpec& spec);

struct LrnSpec {
  int64_t size = 1;
  float alpha = 1e-4f, beta = 0.75f, bias = 1.f;
  dnnl::memory::desc src_desc;
};
absl::StatusOr<CompiledPrimitive> CreateLrn(const LrnSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_NORMALIZATION_H_
