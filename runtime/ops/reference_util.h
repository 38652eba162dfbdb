// Small helpers the operators' reference functions share: reading optional
// inputs, integer tensors and axes.
#ifndef MINT8_RUNTIME_OPS_REFERENCE_UTIL_H_
#define MINT8_RUNTIME_OPS_REFERENCE_UTIL_H_

#include <cstdint>
#include <cstring>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "ir/graph.h"
#include "ir/tensor_view.h"

namespace mint8::runtime::ops {

using Inputs = absl::Span<const ir::ConstTensorView>;
using Outputs = absl::Span<const ir::MutableTensorView>;

// Whether optional input `i` was given.
inline bool Present(Inputs in, size_t i) { return i < in.size() && in[i].raw != nullptr; }

// The values of an s32 or s64 tensor.
std::vector<int64_t> Ints(const ir::ConstTensorView& t);

// Attribute `name` as an axis in [0, rank).
int64_t Axis(const ir::Node& node, const char* name, int64_t fallback, int rank);

// Output 0 = input 0 (views that run as a step: the reference backend).
absl::Status CopyInput(const ir::Node& node, Inputs in, Outputs out);

// Calls f(T{}) for the element type of pooling-like ops (f32, u8, s8).
template <typename F>
absl::Status ByInt8OrFloat(ir::DataType t, F f) {
  switch (t) {
    case ir::DataType::kF32:
      f(float{});
      return absl::OkStatus();
    case ir::DataType::kU8:
      f(uint8_t{});
      return absl::OkStatus();
    case ir::DataType::kS8:
      f(int8_t{});
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError("unsupported element type");
  }
}

}  // namespace mint8::runtime::ops

#endif  // MINT8_RUNTIME_OPS_REFERENCE_UTIL_H_
