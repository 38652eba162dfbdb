// AveragePool (ONNX semantics, opset 13 form).
#include <algorithm>

#include "ir/ops/support.h"

namespace mint8::ir::ops {
namespace {

// Zeros padded in front count in the average once its padding does. With
// ceil_mode a last partial window would average fewer taps than a padded
// input gives it.
bool AbsorbZeroPadding(Node& node, const std::vector<int64_t>& pads) {
  const Attributes& a = node.attributes;
  const std::vector<int64_t> own = a.GetInts("pads", {0, 0, 0, 0});
  const bool own_padding = std::any_of(own.begin(), own.end(), [](int64_t p) { return p != 0; });
  if (a.GetInt("ceil_mode", 0) != 0 || (own_padding && a.GetInt("count_include_pad", 0) == 0)) return false;
  if (!AddSpatialPads(node, pads)) return false;
  node.attributes.Set("count_include_pad", int64_t{1});
  return true;
}

OpTraits AveragePoolTraits() {
  OpTraits t = ScalePreservingTraits(false);
  t.range_includes_zero = true;  // padding zeros count with count_include_pad
  t.absorb_zero_padding = AbsorbZeroPadding;
  return t;
}

MINT8_REGISTER_OP(With(Op("AveragePool", 1, 1,
                          JoinAttributes(WindowAttributes(), {{"count_include_pad", K::kInt}}), InferPool),
                       AveragePoolTraits()));

}  // namespace
}  // namespace mint8::ir::ops
