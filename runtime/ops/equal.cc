// Equal: the broadcasting reference loop (masks in attention and shape
// arithmetic; folded away when its inputs are constant).
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  BroadcastWalk walk(out[0].dims, {in[0].dims, in[1].dims});
  return ByValueType(in[0].dtype, [&](auto t) {
    using T = decltype(t);
    walk.ForEach([&](int64_t i, const int64_t* at) {
      out[0].data<uint8_t>()[i] = in[0].data<T>()[at[0]] == in[1].data<T>()[at[1]];
    });
  });
}

MINT8_REGISTER_LOWERING("Equal", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
