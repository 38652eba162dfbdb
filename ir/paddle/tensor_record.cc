#include "ir/paddle/tensor_record.h"

#include <cstring>

#include "absl/strings/str_cat.h"
#include "ir/paddle/framework.pb.h"
#include "ir/status_macros.h"

namespace mint8::ir::paddle {
namespace {

template <typename T>
T LoadLittleEndian(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(T));  // x86-64 only: little-endian like the file
  return value;
}

template <typename T>
void AppendLittleEndian(T value, std::string& out) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

size_t PaddleElementSize(int type) {
  switch (static_cast<PaddleDataType>(type)) {
    case PaddleDataType::kBool:
    case PaddleDataType::kUint8:
    case PaddleDataType::kInt8:
      return 1;
    case PaddleDataType::kInt16:
    case PaddleDataType::kFp16:
      return 2;
    case PaddleDataType::kInt32:
    case PaddleDataType::kFp32:
      return 4;
    case PaddleDataType::kInt64:
    case PaddleDataType::kFp64:
      return 8;
  }
  return 0;
}

// The record's elements as mint8 stores them: FP16/FP64 become FP32.
std::shared_ptr<const Buffer> ConvertElements(int type, const char* data, size_t count) {
  if (type == static_cast<int>(PaddleDataType::kFp16) || type == static_cast<int>(PaddleDataType::kFp64)) {
    std::shared_ptr<Buffer> b = Buffer::Allocate(count * sizeof(float));
    float* out = b->mutable_data<float>();
    for (size_t i = 0; i < count; ++i) {
      out[i] = type == static_cast<int>(PaddleDataType::kFp16)
                   ? HalfToFloat(LoadLittleEndian<uint16_t>(data + 2 * i))
                   : static_cast<float>(LoadLittleEndian<double>(data + 8 * i));
    }
    return b;
  }
  return Buffer::Copy(data, count * PaddleElementSize(type));
}

}  // namespace

absl::StatusOr<DataType> ToMint8DataType(int paddle_type) {
  switch (static_cast<PaddleDataType>(paddle_type)) {
    case PaddleDataType::kFp16:
    case PaddleDataType::kFp32:
    case PaddleDataType::kFp64:
      return DataType::kF32;
    case PaddleDataType::kUint8:
      return DataType::kU8;
    case PaddleDataType::kInt8:
      return DataType::kS8;
    case PaddleDataType::kInt32:
      return DataType::kS32;
    case PaddleDataType::kInt64:
      return DataType::kS64;
    case PaddleDataType::kBool:
      return DataType::kBool;
    case PaddleDataType::kInt16:
      break;
  }
  return absl::UnimplementedError(absl::StrCat("Paddle element type ", paddle_type, " is not supported"));
}

absl::Status TensorRecordReader::Take(size_t n, absl::string_view name, absl::string_view what,
                                      const char** out) {
  if (n > bytes_.size() - offset_) {
    return absl::DataLossError(absl::StrCat("'", source_, "' is truncated: the record of '", name,
                                            "' ends in its ", what, " (offset ", offset_, ", ", bytes_.size(),
                                            " bytes)"));
  }
  *out = bytes_.data() + offset_;
  offset_ += n;
  return absl::OkStatus();
}

absl::StatusOr<ParameterTensor> TensorRecordReader::Next(absl::string_view name) {
  const char* p = nullptr;
  MINT8_RETURN_IF_ERROR(Take(4, name, "version", &p));
  if (const uint32_t version = LoadLittleEndian<uint32_t>(p); version != 0) {
    return absl::DataLossError(absl::StrCat("'", source_, "': the record of '", name, "' has version ",
                                            version, " (not 0) at offset ", offset_ - 4));
  }
  MINT8_RETURN_IF_ERROR(Take(8, name, "LoD level", &p));
  const uint64_t lod_levels = LoadLittleEndian<uint64_t>(p);
  for (uint64_t level = 0; level < lod_levels; ++level) {
    MINT8_RETURN_IF_ERROR(Take(8, name, "LoD", &p));
    MINT8_RETURN_IF_ERROR(Take(LoadLittleEndian<uint64_t>(p), name, "LoD", &p));
  }
  MINT8_RETURN_IF_ERROR(Take(4, name, "tensor version", &p));
  if (const uint32_t version = LoadLittleEndian<uint32_t>(p); version != 0) {
    return absl::DataLossError(
        absl::StrCat("'", source_, "': the record of '", name, "' has tensor version ", version, " (not 0)"));
  }
  MINT8_RETURN_IF_ERROR(Take(4, name, "TensorDesc size", &p));
  const int32_t desc_size = LoadLittleEndian<int32_t>(p);
  if (desc_size < 0) {
    return absl::DataLossError(
        absl::StrCat("'", source_, "': the record of '", name, "' has a negative size"));
  }
  MINT8_RETURN_IF_ERROR(Take(static_cast<size_t>(desc_size), name, "TensorDesc", &p));
  proto::VarType::TensorDesc desc;
  if (!desc.ParseFromArray(p, desc_size)) {
    return absl::DataLossError(
        absl::StrCat("'", source_, "': the record of '", name, "' holds no valid TensorDesc"));
  }
  ParameterTensor t;
  MINT8_ASSIGN_OR_RETURN(t.dtype, ToMint8DataType(desc.data_type()));
  uint64_t count = 1;
  for (int64_t d : desc.dims()) {
    if (d < 0 || (d > 0 && count > (uint64_t{1} << 40) / static_cast<uint64_t>(d))) {
      return absl::DataLossError(
          absl::StrCat("'", source_, "': the record of '", name, "' has dimension ", d));
    }
    count *= static_cast<uint64_t>(d);
    t.dims.push_back(d);
  }
  MINT8_RETURN_IF_ERROR(Take(count * PaddleElementSize(desc.data_type()), name, "data", &p));
  t.data = ConvertElements(desc.data_type(), p, count);
  return t;
}

void AppendTensorRecord(PaddleDataType dtype, const std::vector<int64_t>& dims, absl::string_view data,
                        std::string& out) {
  proto::VarType::TensorDesc desc;
  desc.set_data_type(static_cast<proto::VarType::Type>(dtype));
  for (int64_t d : dims) desc.add_dims(d);
  const std::string desc_bytes = desc.SerializeAsString();
  AppendLittleEndian<uint32_t>(0, out);
  AppendLittleEndian<uint64_t>(0, out);
  AppendLittleEndian<uint32_t>(0, out);
  AppendLittleEndian<int32_t>(static_cast<int32_t>(desc_bytes.size()), out);
  out += desc_bytes;
  out.append(data.data(), data.size());
}

}  // namespace mint8::ir::paddle
