// Small helpers the operators' reference functions share: reading optional
// inputs, integer tensors and axes.
#ifndef MINT8_RUNTIME_OPS_REFERENCE_UTIL_H_
#define MINT8_RUNTIME_OPS_REFERENCE_UTIL_H_

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
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

// The part of a tensor of dims `x` that Slice selects: per axis, the first
// element and the step (ONNX rules: negative starts count from the end and
// are clamped; `axes` empty: the first starts.size() axes; `steps` empty: 1).
struct SliceWindow {
  std::vector<int64_t> begin, step;
};
SliceWindow ResolveSliceWindow(const ir::Dims& x, const std::vector<int64_t>& starts,
                               const std::vector<int64_t>& axes, const std::vector<int64_t>& steps);

// Output 0 = input 0 (views that run as a step: the reference backend).
absl::Status CopyInput(const ir::Node& node, Inputs in, Outputs out);

// Calls f(T{}) for the element type of value ops: f32, s32, s64, bool
// (uint8_t). An error for others.
template <typename F>
absl::Status ByValueType(ir::DataType t, F f) {
  switch (t) {
    case ir::DataType::kF32:
      f(float{});
      return absl::OkStatus();
    case ir::DataType::kS32:
      f(int32_t{});
      return absl::OkStatus();
    case ir::DataType::kS64:
      f(int64_t{});
      return absl::OkStatus();
    case ir::DataType::kBool:
      f(uint8_t{});
      return absl::OkStatus();
    default:
      return absl::InvalidArgumentError(absl::StrCat(ir::DataTypeName(t), " tensors are not supported here"));
  }
}

// Element offsets of broadcast inputs: for each element i of `out` (row
// major), offsets[k] is the matching element of input k (numpy rules).
class BroadcastWalk {
 public:
  BroadcastWalk(const ir::Dims& out, std::initializer_list<ir::Dims> inputs);
  // Calls f(i, offsets) for every output element in order.
  template <typename F>
  void ForEach(F f) {
    const int rank = static_cast<int>(out_.size());
    ir::Dims index(rank, 0);
    std::vector<int64_t> offsets(strides_.size(), 0);
    const int64_t n = ir::NumElements(out_);
    for (int64_t i = 0; i < n; ++i) {
      f(i, offsets.data());
      for (int d = rank - 1; d >= 0; --d) {
        if (++index[d] < out_[d]) {
          for (size_t k = 0; k < strides_.size(); ++k) offsets[k] += strides_[k][d];
          break;
        }
        for (size_t k = 0; k < strides_.size(); ++k) offsets[k] -= strides_[k][d] * (out_[d] - 1);
        index[d] = 0;
      }
    }
  }

 private:
  ir::Dims out_;
  std::vector<ir::Dims> strides_;
};

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
