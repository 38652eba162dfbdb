#include "ir/data_type.h"

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

}  // namespace mint8::ir
