// Mod: the broadcasting reference loop (shape arithmetic; folded away for
// fixed input shapes).
#include <cmath>

#include "ir/status_macros.h"
#include "runtime/lowering.h"
#include "runtime/ops/reference_util.h"

namespace mint8::runtime::ops {
namespace {

template <typename T>
T Remainder(T a, T b, bool fmod) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::fmod(a, b);
  } else {
    const T r = a % b;  // the sign of a, as fmod
    return !fmod && r != 0 && ((r < 0) != (b < 0)) ? r + b : r;
  }
}

absl::Status Reference(const ir::Node& node, Inputs in, Outputs out) {
  const bool fmod = node.attributes.GetInt("fmod", 0) != 0;
  BroadcastWalk walk(out[0].dims, {in[0].dims, in[1].dims});
  bool divided_by_zero = false;
  MINT8_RETURN_IF_ERROR(ByValueType(in[0].dtype, [&](auto t) {
    using T = decltype(t);
    walk.ForEach([&](int64_t i, const int64_t* at) {
      const T a = in[0].data<T>()[at[0]], b = in[1].data<T>()[at[1]];
      if (!std::is_floating_point_v<T> && b == 0) {
        divided_by_zero = true;
        out[0].data<T>()[i] = 0;
        return;
      }
      out[0].data<T>()[i] = Remainder<T>(a, b, fmod);
    });
  }));
  if (divided_by_zero)
    return absl::InvalidArgumentError(absl::StrCat("Mod '", node.name, "': integer modulo by zero"));
  return absl::OkStatus();
}

MINT8_REGISTER_LOWERING("Mod", OpLowering{Reference, nullptr, nullptr});

}  // namespace
}  // namespace mint8::runtime::ops
