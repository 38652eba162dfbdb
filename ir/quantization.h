// Quantization: the parameters that map a tensor's integers to real values,
// real = scales[c] * (q - zero_points[c]); one scale = per tensor, several =
// per channel along `axis`. Carried by graph tensors and by tensor views.
// `qmin`/`qmax` narrow the integer range (e.g. 7-bit activations [0, 127]
// for CPUs without VNNI); both 0 means the full range of the type.
#ifndef MINT8_IR_QUANTIZATION_H_
#define MINT8_IR_QUANTIZATION_H_

#include <cstdint>
#include <vector>

namespace mint8::ir {

struct Quantization {
  std::vector<float> scales;
  std::vector<int32_t> zero_points;  // empty = all zero; one = the same for all channels
  int axis = 0;
  int32_t qmin = 0, qmax = 0;

  bool narrowed() const { return qmin != 0 || qmax != 0; }

  bool per_channel() const { return scales.size() > 1; }
  float scale(int64_t channel = 0) const { return scales[per_channel() ? channel : 0]; }
  int32_t zero_point(int64_t channel = 0) const {
    return zero_points.empty() ? 0 : zero_points[zero_points.size() > 1 ? channel : 0];
  }
  bool operator==(const Quantization& o) const {
    return scales == o.scales && zero_points == o.zero_points && axis == o.axis && qmin == o.qmin &&
           qmax == o.qmax;
  }
  bool operator!=(const Quantization& o) const { return !(*this == o); }
};

}  // namespace mint8::ir

#endif  // MINT8_IR_QUANTIZATION_H_
