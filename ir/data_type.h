// DataType: the element types of mint8 tensors, and their sizes and names.
#ifndef MINT8_IR_DATA_TYPE_H_
#define MINT8_IR_DATA_TYPE_H_

#include <cstddef>
#include <cstdint>

#include "absl/strings/string_view.h"

namespace mint8::ir {

enum class DataType : uint8_t {
  kUnknown = 0,
  kF32,
  kU8,
  kS8,
  kS32,
  kS64,
  kBool,  // one byte, 0 or 1
};

// Bytes per element; 0 for kUnknown.
size_t DataTypeSize(DataType type);

// "f32", "u8", "s8", "s32", "s64", "bool", "unknown".
absl::string_view DataTypeName(DataType type);

// The inverse of DataTypeName; kUnknown for a name that is none of them.
DataType DataTypeFromName(absl::string_view name);

// IEEE half-precision bits (FP16 weights in model files) as a float.
float HalfToFloat(uint16_t bits);

// True for u8 and s8, the quantized activation/weight types.
inline bool IsInt8(DataType type) { return type == DataType::kU8 || type == DataType::kS8; }

// The C++ type of a DataType, for templated kernels.
template <DataType T> struct CppType;
template <> struct CppType<DataType::kF32> { using type = float; };
template <> struct CppType<DataType::kU8> { using type = uint8_t; };
template <> struct CppType<DataType::kS8> { using type = int8_t; };
template <> struct CppType<DataType::kS32> { using type = int32_t; };
template <> struct CppType<DataType::kS64> { using type = int64_t; };
template <> struct CppType<DataType::kBool> { using type = uint8_t; };

}  // namespace mint8::ir

#endif  // MINT8_IR_DATA_TYPE_H_
