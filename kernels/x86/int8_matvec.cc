#include "kernels/x86/int8_matvec.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "kernels/x86/int8_matvec_kernels.h"

namespace mint8::x86 {
namespace {

int32_t Element(const Int8MatVecParams& p, const void* x, int64_t i) {
  return p.src_signed ? static_cast<const int8_t*>(x)[i] : static_cast<const uint8_t*>(x)[i];
}

}  // namespace

void Int8MatVecReference(const Int8MatVecParams& p, const void* x, int32_t* acc) {
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t o = 0; o < p.outputs; ++o) {
      int32_t sum = 0;
      for (int64_t i = 0; i < p.inputs; ++i)
        sum += (Element(p, x, n * p.inputs + i) - p.src_zero_point) * p.weights[o * p.inputs + i];
      acc[n * p.outputs + o] = sum;
    }
  }
}

absl::StatusOr<std::unique_ptr<Int8MatVec>> Int8MatVec::Create(const Int8MatVecParams& p, Isa isa) {
  if (p.batch < 1 || p.inputs < 1 || p.inputs > kInt8MatVecMaxInputs || p.outputs < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("INT8 mat-vec of batch ", p.batch, ", ", p.inputs, " -> ", p.outputs, " values"));
  }
  if (static_cast<int64_t>(p.weights.size()) != p.inputs * p.outputs) {
    return absl::InvalidArgumentError("INT8 mat-vec weights of the wrong length");
  }
  const int32_t lo = p.src_signed ? -128 : 0, hi = p.src_signed ? 127 : 255;
  if (p.src_zero_point < lo || p.src_zero_point > hi) {
    return absl::InvalidArgumentError(absl::StrCat("INT8 mat-vec source zero point ", p.src_zero_point));
  }
  Isa chosen = Isa::kGeneric;
  if (isa >= Isa::kAvx512Vnni && IsaAvailable(Isa::kAvx512Vnni)) {
    chosen = Isa::kAvx512Vnni;
  } else if (isa >= Isa::kAvx2 && IsaAvailable(Isa::kAvx2)) {
    chosen = Isa::kAvx2;
  }
  return std::unique_ptr<Int8MatVec>(new Int8MatVec(p, chosen));
}

Int8MatVec::Int8MatVec(Int8MatVecParams p, Isa isa) : params_(std::move(p)), isa_(isa) {
  const Int8MatVecParams& q = params_;
  const bool vnni = isa_ == Isa::kAvx512Vnni;
  const int64_t vector = vnni ? 64 : 16;
  padded_ = (q.inputs + vector - 1) / vector * vector;
  weights_.assign(q.outputs * padded_, 0);
  const int32_t offset = q.src_zero_point + (vnni && q.src_signed ? 128 : 0);
  offset_terms_.resize(q.outputs);
  for (int64_t o = 0; o < q.outputs; ++o) {
    int32_t sum = 0;
    for (int64_t i = 0; i < q.inputs; ++i) {
      const int8_t w = q.weights[o * q.inputs + i];
      weights_[PackedIndex(o, i)] = w;
      sum += w;
    }
    offset_terms_[o] = -offset * sum;
  }
}

int64_t Int8MatVec::PackedIndex(int64_t o, int64_t i) const {
  // AVX2: each group of four rows interleaved in 16-byte pieces, so the loop
  // reads one sequential stream (a classifier's matrix arrives from memory,
  // not from cache, inside a network); the rows after the last group and
  // the AVX-512 VNNI layout stay row by row.
  constexpr int64_t kRows = 4, kPiece = 16;
  if (isa_ != Isa::kAvx2 || o >= params_.outputs / kRows * kRows) return o * padded_ + i;
  return (o / kRows) * kRows * padded_ + (i / kPiece) * kRows * kPiece + (o % kRows) * kPiece + i % kPiece;
}

void Int8MatVec::Run(const void* x, int32_t* acc) const {
  const Int8MatVecParams& p = params_;
  if (isa_ == Isa::kGeneric) return Int8MatVecReference(p, x, acc);
#ifdef MINT8_BUILT_AVX512_VNNI
  if (isa_ == Isa::kAvx512Vnni) {
    alignas(64) uint8_t bytes[kInt8MatVecMaxInputs];
    const uint8_t flip = p.src_signed ? 0x80 : 0;  // s8 + 128 as u8
    for (int64_t n = 0; n < p.batch; ++n) {
      const auto* row = static_cast<const uint8_t*>(x) + n * p.inputs;
      for (int64_t i = 0; i < p.inputs; ++i) bytes[i] = row[i] ^ flip;
      std::fill(bytes + p.inputs, bytes + padded_, 0);  // meets zero weights; read, so set
      Int8MatVecAvx512VnniLoop(bytes, weights_.data(), offset_terms_.data(), padded_, p.outputs,
                               acc + n * p.outputs);
    }
    return;
  }
#endif
#ifdef MINT8_BUILT_AVX2
  alignas(32) int16_t wide[kInt8MatVecMaxInputs];
  for (int64_t n = 0; n < p.batch; ++n) {
    for (int64_t i = 0; i < p.inputs; ++i) wide[i] = static_cast<int16_t>(Element(p, x, n * p.inputs + i));
    std::fill(wide + p.inputs, wide + padded_, 0);  // meets zero weights; read, so set
    Int8MatVecAvx2Loop(wide, weights_.data(), offset_terms_.data(), padded_, p.outputs, acc + n * p.outputs);
  }
#endif
}

}  // namespace mint8::x86
