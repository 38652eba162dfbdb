// Where: the broadcasting reference loop.
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  BroadcastWalk walk(out[0].dims, {in[0].dims, in[1].dims, in[2].dims});
  const uint8_t* condition = in[0].data<uint8_t>();
  return ByValueType(in[1].dtype, [&](auto t) {
    using T = decltype(t);
    walk.ForEach([&](int64_t i, const int64_t* at) {
      out[0].data<T>()[i] = condition[at[0]] ? in[1].data<T>()[at[1]] : in[2].data<T>()[at[2]];
    });
  });
}

MINT8_REGISTER_LOWERING("Where", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
