// ScatterND: the reference copy-then-scatter. Negative indices count from the
// end; an index out of range is an error naming the node.
#include <cstring>

#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  const ir::ConstTensorView &data = in[0], &indices = in[1], &updates = in[2];
  const size_t size = ir::DataTypeSize(data.dtype);
  if (out[0].raw != data.raw) std::memcpy(out[0].raw, data.raw, data.num_bytes());
  const int64_t k = indices.dims.back();
  const int64_t count = indices.num_elements() / k;
  const int64_t slice = ir::NumElements(absl::MakeConstSpan(data.dims).subspan(k));
  const int64_t* index = indices.data<int64_t>();
  for (int64_t n = 0; n < count; ++n) {
    int64_t offset = 0;
    for (int64_t d = 0; d < k; ++d) {
      int64_t v = index[n * k + d];
      if (v < 0) v += data.dims[d];
      if (v < 0 || v >= data.dims[d]) {
        return absl::InvalidArgumentError(absl::StrCat("ScatterND '", node.name, "': index ",
                                                       index[n * k + d], " is out of range for dimension ", d,
                                                       " of size ", data.dims[d]));
      }
      offset = offset * data.dims[d] + v;
    }
    std::memcpy(static_cast<uint8_t*>(out[0].raw) + offset * slice * size,
                static_cast<const uint8_t*>(updates.raw) + n * slice * size, slice * size);
  }
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("ScatterND", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
