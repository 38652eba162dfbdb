#include "ir/onnx/tensor_proto.h"

#include <cmath>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ir/file_io.h"
#include "ir/status_macros.h"

namespace mint8::ir::onnx_io {
namespace {

using ::onnx::TensorProto;

// The bytes of an external-data tensor.
absl::StatusOr<std::string> ReadExternal(const TensorProto& tensor, const std::string& model_dir) {
  std::string location;
  int64_t offset = 0, length = -1;
  for (const auto& entry : tensor.external_data()) {
    if (entry.key() == "location") location = entry.value();
    else if (entry.key() == "offset") offset = std::stoll(entry.value());
    else if (entry.key() == "length") length = std::stoll(entry.value());
  }
  if (location.empty() || absl::StartsWith(location, "/") || absl::StrContains(location, "..")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "tensor '", tensor.name(), "': external data location '", location,
        "' must be a relative path inside the model's directory"));
  }
  const std::string path = absl::StrCat(model_dir, "/", location);
  MINT8_ASSIGN_OR_RETURN(std::shared_ptr<const MappedFile> file, MappedFile::Open(path));
  if (length < 0) length = static_cast<int64_t>(file->size()) - offset;
  if (offset < 0 || length < 0 || static_cast<size_t>(offset + length) > file->size()) {
    return absl::DataLossError(absl::StrCat("tensor '", tensor.name(), "': external data [",
                                            offset, ", ", offset + length, ") is beyond the end of '",
                                            path, "'"));
  }
  return std::string(reinterpret_cast<const char*>(file->data()) + offset, length);
}

template <typename Src, typename Dst, typename Field>
std::shared_ptr<const Buffer> FromField(const Field& field) {
  std::shared_ptr<Buffer> b = Buffer::Allocate(field.size() * sizeof(Dst));
  Dst* out = b->mutable_data<Dst>();
  for (int i = 0; i < field.size(); ++i) out[i] = static_cast<Dst>(static_cast<Src>(field.Get(i)));
  return b;
}

}  // namespace

absl::StatusOr<DataType> DataTypeFromOnnx(int onnx_type) {
  switch (onnx_type) {
    case TensorProto::FLOAT:
    case TensorProto::FLOAT16:
    case TensorProto::DOUBLE: return DataType::kF32;
    case TensorProto::UINT8: return DataType::kU8;
    case TensorProto::INT8: return DataType::kS8;
    case TensorProto::INT32: return DataType::kS32;
    case TensorProto::INT64: return DataType::kS64;
    case TensorProto::BOOL: return DataType::kBool;
    default: {
      const std::string name = TensorProto::DataType_IsValid(onnx_type)
                                   ? TensorProto::DataType_Name(onnx_type)
                                   : absl::StrCat(onnx_type);
      return absl::UnimplementedError(absl::StrCat("ONNX element type ", name, " is not supported"));
    }
  }
}

int DataTypeToOnnx(DataType type) {
  switch (type) {
    case DataType::kF32: return TensorProto::FLOAT;
    case DataType::kU8: return TensorProto::UINT8;
    case DataType::kS8: return TensorProto::INT8;
    case DataType::kS32: return TensorProto::INT32;
    case DataType::kS64: return TensorProto::INT64;
    case DataType::kBool: return TensorProto::BOOL;
    case DataType::kUnknown: return TensorProto::UNDEFINED;
  }
  return TensorProto::UNDEFINED;
}

absl::StatusOr<ConstantTensor> TensorFromProto(TensorProto& tensor, const std::string& model_dir) {
  ConstantTensor out;
  auto type = DataTypeFromOnnx(tensor.data_type());
  if (!type.ok()) {
    return absl::Status(type.status().code(),
                        absl::StrCat("tensor '", tensor.name(), "': ", type.status().message()));
  }
  out.dtype = *type;
  for (int64_t d : tensor.dims()) {
    if (d < 0) return absl::InvalidArgumentError(absl::StrCat("tensor '", tensor.name(), "' has a negative dimension"));
    out.dims.push_back(d);
  }
  const int64_t count = NumElements(out.dims);
  const int onnx_type = tensor.data_type();

  std::string raw;
  bool has_raw = false;
  if (tensor.data_location() == TensorProto::EXTERNAL) {
    MINT8_ASSIGN_OR_RETURN(raw, ReadExternal(tensor, model_dir));
    has_raw = true;
  } else if (tensor.has_raw_data()) {
    raw.swap(*tensor.mutable_raw_data());
    has_raw = true;
  }

  if (has_raw) {
    const size_t onnx_size = onnx_type == TensorProto::FLOAT16 ? 2
                             : onnx_type == TensorProto::DOUBLE ? 8
                                                                : DataTypeSize(out.dtype);
    if (raw.size() != count * onnx_size) {
      return absl::DataLossError(absl::StrCat("tensor '", tensor.name(), "' has ", raw.size(),
                                              " bytes of data; its shape needs ", count * onnx_size));
    }
    if (onnx_type == TensorProto::FLOAT16 || onnx_type == TensorProto::DOUBLE) {
      std::shared_ptr<Buffer> b = Buffer::Allocate(count * sizeof(float));
      float* dst = b->mutable_data<float>();
      for (int64_t i = 0; i < count; ++i) {
        if (onnx_type == TensorProto::FLOAT16) {
          uint16_t h;
          std::memcpy(&h, raw.data() + 2 * i, 2);
          dst[i] = HalfToFloat(h);
        } else {
          double d;
          std::memcpy(&d, raw.data() + 8 * i, 8);
          dst[i] = static_cast<float>(d);
        }
      }
      out.data = b;
    } else {
      // Keep the proto's bytes alive instead of copying them.
      auto owner = std::make_shared<std::string>(std::move(raw));
      out.data = Buffer::View(owner->data(), owner->size(), owner);
    }
    return out;
  }

  int64_t typed_count = 0;
  switch (onnx_type) {
    case TensorProto::FLOAT:
      out.data = FromField<float, float>(tensor.float_data());
      typed_count = tensor.float_data_size();
      break;
    case TensorProto::DOUBLE:
      out.data = FromField<double, float>(tensor.double_data());
      typed_count = tensor.double_data_size();
      break;
    case TensorProto::FLOAT16: {
      std::shared_ptr<Buffer> b = Buffer::Allocate(tensor.int32_data_size() * sizeof(float));
      for (int i = 0; i < tensor.int32_data_size(); ++i) {
        b->mutable_data<float>()[i] = HalfToFloat(static_cast<uint16_t>(tensor.int32_data(i)));
      }
      out.data = b;
      typed_count = tensor.int32_data_size();
      break;
    }
    case TensorProto::UINT8:
      out.data = FromField<int32_t, uint8_t>(tensor.int32_data());
      typed_count = tensor.int32_data_size();
      break;
    case TensorProto::INT8:
      out.data = FromField<int32_t, int8_t>(tensor.int32_data());
      typed_count = tensor.int32_data_size();
      break;
    case TensorProto::BOOL:
      out.data = FromField<int32_t, uint8_t>(tensor.int32_data());
      typed_count = tensor.int32_data_size();
      break;
    case TensorProto::INT32:
      out.data = FromField<int32_t, int32_t>(tensor.int32_data());
      typed_count = tensor.int32_data_size();
      break;
    case TensorProto::INT64:
      out.data = FromField<int64_t, int64_t>(tensor.int64_data());
      typed_count = tensor.int64_data_size();
      break;
    default: break;
  }
  if (typed_count != count) {
    return absl::DataLossError(absl::StrCat("tensor '", tensor.name(), "' has ", typed_count,
                                            " values; its shape needs ", count));
  }
  return out;
}

void TensorToProto(const std::string& name, DataType dtype, absl::Span<const int64_t> dims,
                   const Buffer& data, TensorProto& tensor) {
  tensor.set_name(name);
  tensor.set_data_type(DataTypeToOnnx(dtype));
  for (int64_t d : dims) tensor.add_dims(d);
  tensor.set_raw_data(data.data(), data.size());
}

}  // namespace mint8::ir::onnx_io
