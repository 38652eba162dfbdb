#include "runtime/ops/reference_util.h"

#include <algorithm>

namespace mint8::runtime::ops {

std::vector<int64_t> Ints(const ir::ConstTensorView& t) {
  std::vector<int64_t> v(t.num_elements());
  for (size_t i = 0; i < v.size(); ++i) {
    v[i] = t.dtype == ir::DataType::kS64 ? t.data<int64_t>()[i] : t.data<int32_t>()[i];
  }
  return v;
}

int64_t Axis(const ir::Node& node, const char* name, int64_t fallback, int rank) {
  const int64_t axis = node.attributes.GetInt(name, fallback);
  return axis < 0 ? axis + rank : axis;
}

SliceWindow ResolveSliceWindow(const ir::Dims& x, const std::vector<int64_t>& starts,
                               const std::vector<int64_t>& axes, const std::vector<int64_t>& steps) {
  const int64_t rank = static_cast<int64_t>(x.size());
  SliceWindow w{std::vector<int64_t>(rank, 0), std::vector<int64_t>(rank, 1)};
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t axis = axes.empty() ? static_cast<int64_t>(i) : axes[i];
    if (axis < 0) axis += rank;
    const int64_t step = steps.empty() ? 1 : steps[i];
    int64_t s = starts[i] < 0 ? starts[i] + x[axis] : starts[i];
    s = step > 0 ? std::clamp<int64_t>(s, 0, x[axis]) : std::clamp<int64_t>(s, 0, x[axis] - 1);
    w.begin[axis] = s;
    w.step[axis] = step;
  }
  return w;
}

BroadcastWalk::BroadcastWalk(const ir::Dims& out, std::initializer_list<ir::Dims> inputs) : out_(out) {
  for (const ir::Dims& in : inputs) {
    ir::Dims strides(out.size(), 0);
    int64_t stride = 1;
    for (int i = static_cast<int>(in.size()) - 1; i >= 0; --i) {
      strides[i + out.size() - in.size()] = in[i] == 1 ? 0 : stride;
      stride *= in[i];
    }
    strides_.push_back(strides);
  }
}

absl::Status CopyInput(const ir::Node&, Inputs in, Outputs out) {
  if (out[0].raw != in[0].raw) std::memcpy(out[0].raw, in[0].raw, in[0].num_bytes());
  return absl::OkStatus();
}

}  // namespace mint8::runtime::ops
