// ConstantOfShape: folded away once input shapes are bound; the reference kernel.
#include <algorithm>
#include <string>
#include <vector>

#include "ir/status_macros.h"
#include "kernels/reference/elementwise.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

absl::Status Reference(const ir::Node& node, Inputs, Outputs out) {
  const float value = node.attributes.GetFloat("value", 0.f);
  const ir::ConstTensorView scalar{ir::DataType::kF32, {1}, &value};
  const size_t element_size = ir::DataTypeSize(out[0].dtype);
  for (int64_t i = 0; i < out[0].num_elements(); ++i) {
    ir::MutableTensorView one{out[0].dtype, {1}, static_cast<uint8_t*>(out[0].raw) + i * element_size};
    MINT8_RETURN_IF_ERROR(kernels::reference::Cast(scalar, one));
  }
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("ConstantOfShape", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
