// Int8MatVec: the exact s32 sums of an INT8 matrix-vector product,
//
//   acc[n][o] = sum_i (x[n][i] - src_zero_point) * w[o][i]
//
// (at most 255 * 128 * kInt8MatVecMaxInputs in magnitude, so no overflow; a
// bias is the caller's to add, in 64 bits or float: a saturated s32 bias plus
// these sums may leave the s32 range)
// for u8 or s8 vectors x (batch rows of `inputs` values) and s8 weights
// [outputs, inputs]. It is the hot part of a 1x1 convolution on a 1x1 map
// (the squeeze-excite blocks of MobileNetV3 / EfficientNet / PaddleOCR),
// where oneDNN's call costs about a microsecond for a few thousand
// multiply-adds; the caller adds the bias and applies the requantization.
//
//   Int8MatVecParams p = ...;
//   auto mv = Int8MatVec::Create(p, BestAvailableIsa());
//   mv->Run(x, acc);   // thread-safe; acc holds batch * outputs values
//
// Every ISA variant computes exactly Int8MatVecReference (integers only;
// int8_matvec_test holds them to it).
#ifndef MINT8_KERNELS_X86_INT8_MATVEC_H_
#define MINT8_KERNELS_X86_INT8_MATVEC_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "kernels/x86/cpu_features.h"

namespace mint8::x86 {

struct Int8MatVecParams {
  int64_t batch = 1, inputs = 0, outputs = 0;
  bool src_signed = false;  // s8 vectors, else u8
  int32_t src_zero_point = 0;
  std::vector<int8_t> weights;  // [outputs, inputs]
};

// The largest `inputs` Create accepts: the widened vector lives on the stack.
inline constexpr int64_t kInt8MatVecMaxInputs = 8192;

// The oracle: a direct loop over the formula above.
void Int8MatVecReference(const Int8MatVecParams& p, const void* x, int32_t* acc);

class Int8MatVec {
 public:
  // InvalidArgument for sizes out of range, wrong vector lengths or a zero
  // point outside the source type.
  static absl::StatusOr<std::unique_ptr<Int8MatVec>> Create(const Int8MatVecParams& p, Isa isa);

  void Run(const void* x, int32_t* acc) const;
  // The variant that runs: "avx512_vnni", "avx2" or "generic".
  Isa isa() const { return isa_; }
  const Int8MatVecParams& params() const { return params_; }

 private:
  Int8MatVec(Int8MatVecParams p, Isa isa);

  Int8MatVecParams params_;
  Isa isa_;
  // inputs rounded up to the variant's step (16 values widened to 16 bits on
  // AVX2, 64 bytes on AVX-512 VNNI)
  int64_t padded_ = 0;
  // Where weight (o, i) is stored for the chosen loop (zero-filled padding).
  int64_t PackedIndex(int64_t o, int64_t i) const;
  std::vector<int8_t> weights_;
  // -offset * sum_i w[o][i], where the loop reads x + offset: the zero point
  // (AVX2), the zero point plus 128 for s8 sources flipped to u8 by their
  // sign bit (AVX-512 VNNI, whose vpdpbusd multiplies u8 by s8).
  std::vector<int32_t> offset_terms_;
};

}  // namespace mint8::x86

#endif  // MINT8_KERNELS_X86_INT8_MATVEC_H_
