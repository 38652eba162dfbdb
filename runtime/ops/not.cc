// Not: the reference loop over bool bytes.
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node&, Inputs in, Outputs out) {
  for (int64_t i = 0; i < in[0].num_elements(); ++i)
    out[0].data<uint8_t>()[i] = in[0].data<uint8_t>()[i] == 0;
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Not", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
