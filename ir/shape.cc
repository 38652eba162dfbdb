#include "ir/shape.h"

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace mint8::ir {

int64_t SaturatingMul(int64_t a, int64_t b) {
  int64_t product;
  return __builtin_mul_overflow(a, b, &product) ? INT64_MAX : product;
}

int64_t NumElements(absl::Span<const int64_t> dims) {
  int64_t n = 1;
  for (int64_t d : dims) n = SaturatingMul(n, d);
  return n;
}

std::string DimsToString(absl::Span<const int64_t> dims) {
  return absl::StrCat("[", absl::StrJoin(dims, ","), "]");
}

Shape Shape::Of(absl::Span<const int64_t> sizes) {
  Shape s;
  s.rank_known_ = true;
  for (int64_t size : sizes) s.dims_.push_back(Dim::Known(size));
  return s;
}

Shape Shape::FromDims(std::vector<Dim> dims) {
  Shape s;
  s.rank_known_ = true;
  s.dims_ = std::move(dims);
  return s;
}

bool Shape::IsFullyKnown() const {
  if (!rank_known_) return false;
  for (const Dim& d : dims_) {
    if (!d.known()) return false;
  }
  return true;
}

Dims Shape::Sizes() const {
  Dims sizes;
  for (const Dim& d : dims_) sizes.push_back(d.size);
  return sizes;
}

int64_t Shape::NumElements() const { return ir::NumElements(Sizes()); }

std::string Shape::ToString() const {
  if (!rank_known_) return "[?]";
  std::vector<std::string> parts;
  for (const Dim& d : dims_) {
    parts.push_back(d.known() ? absl::StrCat(d.size) : d.symbol.empty() ? "?" : d.symbol);
  }
  return absl::StrCat("[", absl::StrJoin(parts, ","), "]");
}

}  // namespace mint8::ir
