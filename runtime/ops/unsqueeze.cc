// Unsqueeze: a view of its input in plans (is_view trait); the reference backend copies.
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

MINT8_REGISTER_LOWERING("Unsqueeze", OpLowering{CopyInput, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
