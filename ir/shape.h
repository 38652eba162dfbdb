// Shape: the dimensions of a tensor, each a known size or a named symbol.
//
// Symbols ("N", "height", ...) come from models with dynamic dimensions and are
// bound to sizes when a session is compiled for concrete input shapes. A shape
// may also have an unknown rank before shape inference reaches it.
//
//   Shape s = Shape::Of({1, 3, 224, 224});
//   if (s.IsFullyKnown()) Dims d = s.Sizes();
#ifndef MINT8_IR_SHAPE_H_
#define MINT8_IR_SHAPE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"

namespace mint8::ir {

// Concrete dimensions; inline storage for the ranks CNNs use.
using Dims = absl::InlinedVector<int64_t, 6>;

// No tensor mint8 accepts has more elements (2^48: 1 PiB of floats); below
// it, byte sizes and element counts cannot overflow int64.
inline constexpr int64_t kMaxTensorElements = int64_t{1} << 48;

// a * b, or INT64_MAX where that overflows (a, b >= 0).
int64_t SaturatingMul(int64_t a, int64_t b);

// Product of `dims` (1 for a scalar); INT64_MAX where it overflows.
int64_t NumElements(absl::Span<const int64_t> dims);

// "[1,3,224,224]".
std::string DimsToString(absl::Span<const int64_t> dims);

struct Dim {
  int64_t size = -1;   // >= 0 when known
  std::string symbol;  // set when size is unknown but named

  static Dim Known(int64_t size) { return Dim{size, ""}; }
  static Dim Symbolic(std::string symbol) { return Dim{-1, std::move(symbol)}; }
  bool known() const { return size >= 0; }
  bool operator==(const Dim& other) const {
    return size == other.size && symbol == other.symbol;
  }
};

class Shape {
 public:
  // A shape of unknown rank.
  Shape() = default;
  static Shape Of(absl::Span<const int64_t> sizes);
  static Shape FromDims(std::vector<Dim> dims);

  bool rank_known() const { return rank_known_; }
  int rank() const { return static_cast<int>(dims_.size()); }
  const std::vector<Dim>& dims() const { return dims_; }
  const Dim& dim(int i) const { return dims_[i]; }
  Dim& mutable_dim(int i) { return dims_[i]; }

  // Rank known and every dimension a known size.
  bool IsFullyKnown() const;
  // The sizes; requires IsFullyKnown().
  Dims Sizes() const;
  // Product of sizes; requires IsFullyKnown().
  int64_t NumElements() const;

  // "[N,3,224,224]", "[?]" for unknown rank, "?" for an unnamed unknown dim.
  std::string ToString() const;

  bool operator==(const Shape& other) const {
    return rank_known_ == other.rank_known_ && dims_ == other.dims_;
  }
  bool operator!=(const Shape& other) const { return !(*this == other); }

 private:
  bool rank_known_ = false;
  std::vector<Dim> dims_;
};

}  // namespace mint8::ir

#endif  // MINT8_IR_SHAPE_H_
