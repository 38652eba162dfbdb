// Expand: the broadcasting reference copy.
#include <cstring>

#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  const size_t size = ir::DataTypeSize(in[0].dtype);
  const auto* x = static_cast<const uint8_t*>(in[0].raw);
  auto* y = static_cast<uint8_t*>(out[0].raw);
  BroadcastWalk(out[0].dims, {in[0].dims}).ForEach([&](int64_t i, const int64_t* at) {
    std::memcpy(y + i * size, x + at[0] * size, size);
  });
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Expand", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
