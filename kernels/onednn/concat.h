// oneDNN concatenation along one axis; the destination layout is chosen by
// oneDNN from the sources' layouts.
#ifndef MINT8_KERNELS_ONEDNN_CONCAT_H_
#define MINT8_KERNELS_ONEDNN_CONCAT_H_

#include <vector>

#include "absl/status/statusor.h"
#include "kernels/onednn/compiled_primitive.h"

namespace mint8::kernels::onednn {

struct ConcatSpec {
  int axis = 1;
  std::vector<dnnl::memory::desc> src_descs;
};

absl::StatusOr<CompiledPrimitive> CreateConcat(const ConcatSpec& spec);

}  // namespace mint8::kernels::onednn

#endif  // MINT8_KERNELS_ONEDNN_CONCAT_H_
