// Range: the reference loop (its inputs are constants: folded at compile).
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  return ByValueType(in[0].dtype, [&](auto t) {
    using T = decltype(t);
    const T start = in[0].data<T>()[0], delta = in[2].data<T>()[0];
    for (int64_t i = 0; i < out[0].num_elements(); ++i)
      out[0].data<T>()[i] = static_cast<T>(start + i * delta);
  });
}

MINT8_REGISTER_LOWERING("Range", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
