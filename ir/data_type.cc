#include "ir/data_type.h"

#include <cmath>

namespace mint8::ir {

size_t DataTypeSize(DataType type) {
  switch (type) {
    case DataType::kF32: return 4;
    case DataType::kU8: return 1;
    case DataType::kS8: return 1;
    case DataType::kS32: return 4;
    case DataType::kS64: return 8;
    case DataType::kBool: return 1;
    case DataType::kUnknown: return 0;
  }
  return 0;
}

absl::string_view DataTypeName(DataType type) {
  switch (type) {
    case DataType::kF32: return "f32";
    case DataType::kU8: return "u8";
    case DataType::kS8: return "s8";
    case DataType::kS32: return "s32";
    case DataType::kS64: return "s64";
    case DataType::kBool: return "bool";
    case DataType::kUnknown: return "unknown";
  }
  return "unknown";
}

DataType DataTypeFromName(absl::string_view name) {
  for (DataType t : {DataType::kF32, DataType::kU8, DataType::kS8, DataType::kS32, DataType::kS64,
                     DataType::kBool}) {
    if (DataTypeName(t) == name) return t;
  }
  return DataType::kUnknown;
}

float HalfToFloat(uint16_t h) {
  const uint32_t sign = (h >> 15) & 1, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff;
  float value;
  if (exponent == 0) {
    value = std::ldexp(static_cast<float>(mantissa), -24);
  } else if (exponent == 31) {
    value = mantissa == 0 ? INFINITY : NAN;
  } else {
    value = std::ldexp(static_cast<float>(mantissa + 1024), static_cast<int>(exponent) - 25);
  }
  return sign ? -value : value;
}

}  // namespace mint8::ir
