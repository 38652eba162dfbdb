// DispatchDepthwise: turns a DepthwisePixelArgs' run-time choices (activation,
// source and destination signedness, 9 / 25 / 15 / 10 / other taps) into compile-time
// constants for a per-ISA loop:
//
//   DispatchDepthwise(args, [&](auto activation, auto src_signed, auto dst_signed, auto taps) {
//     Pixels<decltype(activation)::value, decltype(src_signed)::value,
//            decltype(dst_signed)::value, decltype(taps)::value>(...);
//   });
//
// Included by the per-ISA sources only. Every instantiation is keyed by the
// caller's lambda, a type of its own translation unit, so no code compiled
// for one ISA can stand in for another's at link time.
#ifndef MINT8_KERNELS_X86_DEPTHWISE_CONV_DISPATCH_H_
#define MINT8_KERNELS_X86_DEPTHWISE_CONV_DISPATCH_H_

#include <type_traits>

#include "kernels/x86/depthwise_conv_kernels.h"

namespace mint8::x86 {

template <int kActivation, bool kSrcSigned, bool kDstSigned, typename Body>
void DispatchDepthwiseTaps(int taps, Body& body) {
  const auto activation = std::integral_constant<int, kActivation>{};
  const auto src = std::bool_constant<kSrcSigned>{};
  const auto dst = std::bool_constant<kDstSigned>{};
  switch (taps) {
    case 9:
      return body(activation, src, dst, std::integral_constant<int, 9>{});
    case 25:
      return body(activation, src, dst, std::integral_constant<int, 25>{});
    case 15:  // a 5x5 kernel's three rows inside a 3-row map
      return body(activation, src, dst, std::integral_constant<int, 15>{});
    case 10:  // ... and two rows
      return body(activation, src, dst, std::integral_constant<int, 10>{});
    default:
      return body(activation, src, dst, std::integral_constant<int, 0>{});  // any count
  }
}

template <int kActivation, typename Body>
void DispatchDepthwiseSigns(const DepthwisePixelArgs& a, Body& body) {
  const bool dst_signed = a.epilogue.dst_signed;
  if (a.src_signed) {
    return dst_signed ? DispatchDepthwiseTaps<kActivation, true, true>(a.taps, body)
                      : DispatchDepthwiseTaps<kActivation, true, false>(a.taps, body);
  }
  return dst_signed ? DispatchDepthwiseTaps<kActivation, false, true>(a.taps, body)
                    : DispatchDepthwiseTaps<kActivation, false, false>(a.taps, body);
}

template <typename Body>
void DispatchDepthwise(const DepthwisePixelArgs& a, Body body) {
  switch (a.epilogue.activation) {
    case kHardSwish:
      return DispatchDepthwiseSigns<kHardSwish>(a, body);
    case kSilu:
      return DispatchDepthwiseSigns<kSilu>(a, body);
    default:
      return DispatchDepthwiseSigns<kClampOnly>(a, body);
  }
}

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_DEPTHWISE_CONV_DISPATCH_H_
